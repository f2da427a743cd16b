// After the first frame: requestAnimationFrame runs before the paint, the timeout after it.
requestAnimationFrame(() => setTimeout(() => window.__TAURI__.core.invoke('painted'), 0));
