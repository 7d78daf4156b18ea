// A form's submit: busy while it runs, the error's message when it fails.
import { useState, type FormEvent } from "react";
import { messageOf } from "./api";

export function useAction(run: () => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await run();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, submit };
}
