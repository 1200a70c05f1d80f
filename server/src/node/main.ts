// The server's bundle on Node, dist/server-main.js, loaded by dist/server.js (node/start.ts). The host must be
// installed before server.ts loads, hence the imports in this order (esbuild keeps import order); the old
// generation's growth is set again once everything has loaded (heap.ts).
import { tuneHeapGrowth } from './heap';
import './host';
import '../server';

tuneHeapGrowth();
