// Proof-of-work solver, run in a Web Worker so the page stays responsive.
// Finds the first counter such that SHA-256(nonce || counter as 8 bytes big-endian) starts with `bits` zero bits.
// The server checks an answer with one hash (org.preau.surge.internal.PowVerifier).

function b64urlToBytes(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
  const raw = atob(b64);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

function leadingZeroBits(digest) {
  let bits = 0;
  for (const b of digest) {
    if (b === 0) { bits += 8; continue; }
    return bits + Math.clz32(b) - 24;
  }
  return bits;
}

self.onmessage = async (event) => {
  const { nonce, bits } = event.data;
  const prefix = b64urlToBytes(nonce);
  const input = new Uint8Array(prefix.length + 8);
  input.set(prefix, 0);
  const batch = 256;
  for (let counter = 0; ; counter += batch) {
    // Hash a batch in parallel: crypto.subtle is asynchronous and much faster when kept busy.
    const jobs = [];
    for (let i = 0; i < batch; i++) {
      const copy = input.slice();
      new DataView(copy.buffer).setBigUint64(prefix.length, BigInt(counter + i), false);
      jobs.push(crypto.subtle.digest('SHA-256', copy));
    }
    const digests = await Promise.all(jobs);
    for (let i = 0; i < batch; i++) {
      if (leadingZeroBits(new Uint8Array(digests[i])) >= bits) {
        self.postMessage({ counter: String(counter + i) });
        return;
      }
    }
  }
};
