// Entry point of dist/web/server.js, the language server in a web worker (VS Code for the Web). The host must be
// installed before server.ts loads, hence two imports in this order (esbuild keeps import order).
import './host';
import '../server';
