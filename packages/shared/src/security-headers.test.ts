import { describe, expect, it } from 'vitest';
import { assetHeadersFile, dashboardCspHeader, dashboardCspMeta } from './security-headers.ts';

describe('dashboard security policy', () => {
  it('forbids framing in the header form only (a <meta> policy may not carry frame-ancestors)', () => {
    expect(dashboardCspHeader()).toContain("frame-ancestors 'none'");
    expect(dashboardCspMeta()).not.toContain('frame-ancestors');
    expect(dashboardCspHeader().startsWith(dashboardCspMeta())).toBe(true);
  });

  it("lets the page connect to the API's origin and its WebSocket when the API lives elsewhere", () => {
    const csp = dashboardCspHeader('https://api.ringside.example/some/path');
    expect(csp).toContain("connect-src 'self' https://api.ringside.example wss://api.ringside.example");
    expect(dashboardCspHeader()).toContain("connect-src 'self';");
  });

  it('writes a _headers file that gives every asset path the policy, nosniff and a referrer policy', () => {
    const lines = assetHeadersFile().split('\n');
    expect(lines[0]).toBe('/*');
    expect(lines).toContain('  X-Content-Type-Options: nosniff');
    expect(lines).toContain('  Referrer-Policy: strict-origin-when-cross-origin');
    expect(lines).toContain(`  Content-Security-Policy: ${dashboardCspHeader()}`);
  });
});
