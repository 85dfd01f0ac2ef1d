// What Jint lacks and lib0/yjs touch while loading. Imported first by entry.js so it runs before lib0/webcrypto
// (which binds crypto.getRandomValues at module evaluation).
// The server-side docs never author changes, so their random client ids need no cryptographic quality.
if (typeof globalThis.crypto === 'undefined') {
  globalThis.crypto = {
    getRandomValues (array) {
      const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength)
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256)
      return array
    },
    subtle: undefined
  }
}
