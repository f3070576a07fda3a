import type { NextConfig } from 'next';

const config: NextConfig = {
  // Native addons, WASM and worker scripts must load from node_modules, not from the bundle.
  serverExternalPackages: ['@electric-sql/pglite', 'onnxruntime-node', 'tesseract.js', 'pdfkit', 'postgres'],
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: true },
  devIndicators: false,
};
export default config;
