// Log-in proof-of-work (included by src/main/jte/surge/pow.jte). When the server asks for it, fetch a challenge,
// solve it in a Web Worker and put the answer in the form's hidden "pow" field before the form is sent.
// Without JavaScript nothing happens here and the server sends the visitor through the waiting room instead.

const field = document.querySelector('[data-pow-field]');
const note = document.querySelector('[data-pow-note]');
const status = document.querySelector('[data-pow-status]');
const script = document.querySelector('script[data-worker]');

if (field && window.Worker && window.crypto && crypto.subtle) {
  const form = field.form;
  let solving = null;

  const solve = async () => {
    const response = await fetch('/api/v1/surge/pow/challenge', { credentials: 'same-origin', cache: 'no-store' });
    if (response.status !== 200) return; // not required now
    const challenge = await response.json();
    note.hidden = false;
    status.textContent = status.dataset.working;
    const worker = new Worker(script.dataset.worker, { type: 'module' });
    const counter = await new Promise((resolve, reject) => {
      worker.onmessage = (e) => resolve(e.data.counter);
      worker.onerror = reject;
      worker.postMessage({ nonce: challenge.nonce, bits: challenge.bits });
    });
    worker.terminate();
    field.value = challenge.token + '.' + counter;
    status.textContent = status.dataset.done;
  };

  solving = solve().catch(() => { if (status) status.textContent = status.dataset.failed; });

  if (form) {
    form.addEventListener('submit', (event) => {
      if (field.value || !note || note.hidden) return;
      // Still computing: send the form as soon as the answer is there.
      event.preventDefault();
      solving.then(() => form.submit());
    });
  }
}
