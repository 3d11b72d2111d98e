// Saves the compose form as a draft while one types (debounced), by posting the very form the "Enregistrer le
// brouillon" button posts, marked as an autosave so that the answer is JSON. Without JavaScript the button does the same; nothing here is required.
// Files are not part of an autosave: choosing them sends the form with "Joindre les fichiers" at once (the very button
// a browser without JavaScript presses), so the page shows them attached.
const form = document.getElementById("compose");
if (form) {
  const status = document.getElementById("draft-status");
  const DELAY_MS = 1500;
  let timer = null;
  let saving = false;
  let again = false;

  const save = async () => {
    if (saving) {
      again = true;
      return;
    }
    saving = true;
    const data = new FormData(form);
    data.set("action", "brouillon");
    data.set("autosave", "1");
    data.delete("pieces");
    data.delete("retirer-piece");
    try {
      // getAttribute: the form's buttons are named "action", which hides the form's own action property.
      const response = await fetch(form.getAttribute("action"), {
        method: "POST",
        body: new URLSearchParams(data),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(String(response.status));
      const saved = await response.json();
      if (form.getAttribute("action") !== saved.url) {
        // The first save made the draft: later saves and the buttons now address it.
        form.setAttribute("action", saved.url);
        history.replaceState(null, "", saved.url);
      }
      const time = new Date().toLocaleTimeString(document.documentElement.lang, { hour: "2-digit", minute: "2-digit" });
      status.textContent = `${form.dataset.autosave} ${time}`;
    } catch (e) {
      status.textContent = form.dataset.autosaveFailed;
    } finally {
      saving = false;
      if (again) {
        again = false;
        schedule();
      }
    }
  };

  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(save, DELAY_MS);
  };

  for (const name of ["sujet", "message"]) {
    const field = form.elements.namedItem(name);
    if (field) field.addEventListener("input", schedule);
  }
  form.addEventListener("submit", () => clearTimeout(timer));

  const files = form.elements.namedItem("pieces");
  const attach = document.getElementById("attach");
  if (files && attach) {
    files.addEventListener("change", () => {
      if (files.files.length > 0) form.requestSubmit(attach);
    });
  }
}
