// Ticket files need the bearer token, so they are fetched, not linked:
// previews are blob: URLs (the CSP allows img-src blob:), downloads a blob
// saved under the file's name.
import { useEffect, useState } from "react";
import type { Client } from "./api";
import type { Attachment } from "./types";

async function blobOf(api: Client, url: string): Promise<Blob> {
  // The token goes only to this origin, whatever a URL in the data says.
  if (new URL(url, location.href).origin !== location.origin) throw new Error("A file from another site was refused.");
  const token = api.opts.session.get();
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const key = api.opts.publishableKey?.();
  if (key) headers["x-publishable-api-key"] = key;
  const res = await fetch(url, { headers });
  if (!res.ok) throw new Error(`The file could not be loaded (${res.status}).`);
  return res.blob();
}

function Preview({ api, file }: { api: Client; file: Attachment }) {
  const [src, setSrc] = useState<string | null>(null);
  const image = /^image\/(png|jpeg|gif|webp)$/.test(file.content_type);
  useEffect(() => {
    if (!image) return;
    let url: string | null = null;
    let live = true;
    blobOf(api, file.url)
      .then((b) => {
        if (!live) return; // unmounted before it came: no URL to leak
        url = URL.createObjectURL(b);
        setSrc(url);
      })
      .catch(() => {});
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [api, file.url, image]);
  if (image && src) return <img src={src} alt={`Preview of ${file.filename}`} />;
  return <span>{file.filename.split(".").pop()?.toUpperCase() || "FILE"}</span>;
}

export function FileList({ api, files, extra }: { api: Client; files: Attachment[]; extra?: (f: Attachment) => React.ReactNode }) {
  async function download(f: Attachment) {
    const blob = await blobOf(api, f.url);
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = f.filename;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  }
  if (files.length === 0) return <p className="muted">No files yet.</p>;
  return (
    <div className="files">
      {files.map((f) => (
        <div className="file" key={f.id} data-testid={`file-${f.filename}`}>
          <div className="preview">
            <Preview api={api} file={f} />
          </div>
          <div className="name">{f.filename}</div>
          <div className="muted">{f.kind === "proof" ? "Proof" : "Artwork"} · {sizeOf(f.size)}</div>
          {extra?.(f)}
          <button className="btn btn-small" onClick={() => download(f)}>Download</button>
        </div>
      ))}
    </div>
  );
}

export function UploadButton({ label, onFile, disabled }: { label: string; onFile: (f: File) => void; disabled?: boolean }) {
  return (
    <label className={`btn btn-small${disabled ? " disabled" : ""}`}>
      {label}
      <input
        type="file"
        className="sr-only"
        disabled={disabled}
        accept=".png,.jpg,.jpeg,.gif,.webp,.tif,.tiff,.pdf,.eps,.ps,.ai,.svg"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) onFile(f);
          e.target.value = "";
        }}
      />
    </label>
  );
}

function sizeOf(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
