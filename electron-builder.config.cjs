// Packaging configuration (`npm run dist`). Tested by test/unit/packaging-config.test.ts.
/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'com.plannr.desktop',
  productName: 'Plannr Desktop',
  copyright: 'Copyright © 2026 Plannr Desktop contributors',
  directories: { buildResources: 'build', output: 'dist' },
  // The binary `npm run dist` made sure of (scripts/ensure-electron.mjs): one download, not two.
  // It is the current OS's, which is what `npm run dist` packages for.
  electronDist: 'node_modules/electron/dist',
  files: [
    'out/**/*',
    'package.json',
    '!out/**/*.map',
    '!**/test/**',
    '!**/tests/**',
    '!**/*.{md,ts,map}',
    '!bench/**',
    '!src/**',
    '!scripts/**',
    '!test-results/**',
  ],
  // Native modules cannot load from inside the ASAR archive.
  asarUnpack: ['**/node_modules/keytar/**'],
  npmRebuild: true,
  // Electron fuses flipped at package time: the shipped binary cannot be turned into a plain
  // Node runtime, ignores NODE_OPTIONS and --inspect, and only runs the integrity-checked ASAR.
  electronFuses: {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    enableCookieEncryption: true,
    grantFileProtocolExtraPrivileges: false,
  },
  icon: 'build/icon.png',
  linux: {
    target: ['AppImage', 'deb'],
    icon: 'build/icons',
    category: 'Office',
    maintainer: 'Plannr Desktop contributors',
    desktop: {
      entry: {
        Name: 'Plannr Desktop',
        Comment: 'Offline-first Plannr CRM client for financial advisers',
        Categories: 'Office;Finance;',
        StartupWMClass: 'Plannr Desktop',
      },
    },
  },
  mac: { target: ['dmg'], category: 'public.app-category.business' },
  win: { target: ['nsis'] },
  nsis: { oneClick: false, perMachine: false },
}
