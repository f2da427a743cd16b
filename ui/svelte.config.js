import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

export default {
  preprocess: vitePreprocess(),
  compilerOptions: {
    // Customer text is untrusted: {@html} is never used, and runes keep state explicit.
    runes: true,
  },
};
