import { endpoints } from '@ringside/shared';
import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, Link, Outlet } from '@tanstack/react-router';
import { Empty } from '../components/status.tsx';
import { apiUrl } from '../lib/api.ts';

export const Route = createRootRouteWithContext<{ queryClient: QueryClient }>()({
  component: Layout,
  notFoundComponent: () => (
    <Empty>
      This page does not exist. <Link to="/battles">See the battles</Link>.
    </Empty>
  ),
});

function Layout() {
  return (
    <>
      <header className="topbar">
        <Link to="/" className="brand">
          Ringside
        </Link>
        <nav>
          <Link to="/" activeOptions={{ exact: true }}>
            Overview
          </Link>
          <Link to="/leaderboard" className="nav-leaderboard">
            Leaderboard
          </Link>
          <Link to="/vote">Vote</Link>
          <Link to="/battles">Battles</Link>
          <Link to="/runs">CI runs</Link>
          <a href={apiUrl(endpoints.openapi)}>API</a>
        </nav>
      </header>
      <main>
        <Outlet />
      </main>
    </>
  );
}
