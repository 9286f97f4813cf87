/** Shared by the Vite plugin and svelte-check. Svelte 5 understands `lang="ts"` without a preprocessor. */
export default {
  compilerOptions: {
    runes: true,
  },
}
