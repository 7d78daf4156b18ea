import { useEffect, useState, type FormEvent } from "react";
import type { Brief } from "../shared/types";
import { Field } from "../shared/ui";

const lines = (s: string) => s.split(/[\n,]/).map((x) => x.trim()).filter(Boolean);

/// The customer's brief; sends only what changed (an edit names the fields
/// it changes).
export function BriefForm({ brief, onSave }: { brief?: Brief; onSave: (patch: Partial<Brief>) => Promise<unknown> }) {
  const initial = { text: brief?.text ?? "", colors: (brief?.colors ?? []).join(", "), print_size: brief?.print_size ?? "", quantity_notes: brief?.quantity_notes ?? "", reference_urls: (brief?.reference_urls ?? []).join("\n") };
  const [form, setForm] = useState(initial);
  const [busy, setBusy] = useState(false);
  useEffect(() => setForm(initial), [JSON.stringify(brief)]); // eslint-disable-line react-hooks/exhaustive-deps
  async function submit(e: FormEvent) {
    e.preventDefault();
    const patch: Partial<Brief> = {};
    if (form.text !== initial.text) patch.text = form.text;
    if (form.colors !== initial.colors) patch.colors = lines(form.colors);
    if (form.print_size !== initial.print_size) patch.print_size = form.print_size;
    if (form.quantity_notes !== initial.quantity_notes) patch.quantity_notes = form.quantity_notes;
    if (form.reference_urls !== initial.reference_urls) patch.reference_urls = lines(form.reference_urls);
    if (Object.keys(patch).length === 0) return;
    setBusy(true);
    try {
      await onSave(patch);
    } catch {
      // shown by the write; the form keeps what was typed
    } finally {
      setBusy(false);
    }
  }
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  return (
    <form className="stack" onSubmit={submit} aria-label="Artwork brief">
      <Field label="What should the print show?" hint="Your logo, text, where it goes, the feel you are after">
        {(id) => <textarea id={id} maxLength={5000} value={form.text} onChange={set("text")} />}
      </Field>
      <div className="form-grid">
        <Field label="Colours" hint="Comma separated, e.g. Pantone 186 C, black">{(id) => <input id={id} value={form.colors} onChange={set("colors")} />}</Field>
        <Field label="Print size">{(id) => <input id={id} maxLength={100} placeholder="e.g. 20 × 20 cm on the lid" value={form.print_size} onChange={set("print_size")} />}</Field>
      </div>
      <Field label="Notes on the quantity">{(id) => <input id={id} maxLength={1000} value={form.quantity_notes} onChange={set("quantity_notes")} />}</Field>
      <Field label="Reference links" hint="One per line (http or https)">{(id) => <textarea id={id} value={form.reference_urls} onChange={set("reference_urls")} />}</Field>
      <div className="row" style={{ justifyContent: "flex-end" }}>
        <button className="btn btn-primary" disabled={busy}>{busy ? "Saving…" : brief?.text ? "Save the brief" : "Submit the brief"}</button>
      </div>
    </form>
  );
}
