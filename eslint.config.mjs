// ESLint for the browser code: the page modules (src/CaseHub.Web/wwwroot/js) and the sources of the notes editor bundle
// (src/CaseHub.Web/client, bundled by scripts/vendor.mjs). Run: npm run lint
import js from '@eslint/js'
import globals from 'globals'

export default [
  {
    // Generated bundles (npm run vendor) and everything that is not browser code of ours.
    ignores: ['src/CaseHub.Web/wwwroot/lib/**', '**/node_modules/**', '**/bin/**', '**/obj/**'],
  },
  {
    files: ['src/CaseHub.Web/wwwroot/js/**/*.js', 'src/CaseHub.Web/client/**/*.js'],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      globals: { ...globals.browser },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
]
