import type { NextConfig } from 'next';

const config: NextConfig = {
  // A separate build folder per checkout or test run (NEXT_DIST_DIR) lets builds run side by side.
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  // Native addons, WASM and worker scripts must load from node_modules, not from the bundle.
  serverExternalPackages: ['@electric-sql/pglite', 'onnxruntime-node', 'tesseract.js', 'pdfkit', 'postgres', 'pg-boss', 'pdfjs-dist', '@napi-rs/canvas', 'hyparquet', 'yauzl', 'utif2', '@cyclonedx/cyclonedx-library'],
  poweredByHeader: false,
  // `npm run check` type-checks the whole repository; the build does not repeat it.
  typescript: { ignoreBuildErrors: true },
  devIndicators: false,
};
export default config;
