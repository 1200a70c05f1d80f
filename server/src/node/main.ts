// Entry point of dist/server.js (Node). The host must be installed before server.ts loads, hence two imports in
// this order (esbuild keeps import order).
import './host';
import '../server';
