import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';
import type { Backend } from './lib/backend/types';
import { applyInterfaceFont } from './lib/app/appearance';

// Start-up stages for the desktop benchmark's breakdown (the shell prints them only then).
performance.mark('bundle evaluated');

// Inside the desktop app the shell is there; in a plain browser (`npm run dev`) the UI
// runs against the in-memory backend so it can be worked on without Rust.
async function chooseBackend(): Promise<Backend> {
  if ('__TAURI_INTERNALS__' in window) {
    return (await import('./lib/backend/tauri')).tauriBackend();
  }
  return (await import('./lib/backend/demo')).demoBackend();
}

const target = document.getElementById('app');
if (target) {
  const backend = await chooseBackend();
  applyInterfaceFont(document.documentElement, await backend.interfaceFont());
  performance.mark('backend ready');
  mount(App, { target, props: { backend } });
  performance.mark('app mounted');
}
