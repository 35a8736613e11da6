/** Vite, and so vitest, imports a file's text when the specifier ends in `?raw`; the tests load fixtures so. */
declare module '*?raw' {
  const text: string;
  export default text;
}
