import { reactRouter } from '@react-router/dev/vite';
import { defineConfig } from 'vite';

// React Router 7.18 is the newest line that runs on Node 20 (8.x needs Node 22.22), Vite 8 the
// newest major that does (^20.19.0 || >=22.12.0): both pinned in package.json.

export default defineConfig({ plugins: [reactRouter()] });
