// Entry point of dist/server.js (Node). The heap setting comes first (see heap.ts); the host must be installed before
// server.ts loads, hence the imports in this order (esbuild keeps import order).
import './heap';
import './host';
import '../server';
