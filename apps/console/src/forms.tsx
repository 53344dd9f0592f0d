// The application form's pieces both sides build from: the enterprise's 新办申请 and 补正 (enterprise/) and the
// window's 柜台代办 (screens/Counter.tsx). Words come in as props, so each side keeps its own dictionary.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ChangeEvent, ReactNode } from 'react';
import { Input, Typography } from 'antd';
import type { InputProps } from 'antd';
import type { components } from '../../../libs/api-client/src/schema';

type CatalogItem = components['schemas']['CatalogItemDto'];
type CatalogMaterial = components['schemas']['CatalogMaterialDto'];
/** A material of the checklist once uploaded: what the application's `materials` lists. */
export interface Material {
  code: string;
  fileName: string;
  sha256: string;
}

const ACCEPT = '.pdf,.ofd,application/pdf,image/png,image/jpeg,image/gif,image/tiff,image/webp';
const selectStyle = { width: '100%', height: 32, borderRadius: 6, border: '1px solid #8c8c8c', padding: '0 8px', background: '#fff' };
const field = { display: 'flex', flexDirection: 'column' as const, gap: 4, marginBottom: 12 };

/** One thing a form sends: `run(act)` marks it busy, clears the last refusal, and keeps the new one if `act` throws. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (act: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await act();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}

/** The uploaded materials by code; `put(code)` keeps one (or, given nothing, forgets it). */
export function useMaterials() {
  const [files, setFiles] = useState<Record<string, Material>>({});
  const put = (code: string) => (v?: Material) =>
    setFiles((all) => {
      const next = { ...all };
      if (v) next[code] = v;
      else delete next[code];
      return next;
    });
  return { files, put, clear: () => setFiles({}) };
}

/**
 * The catalogue (read once by `load`; a refusal goes to `onError` and leaves it empty), the sub-item picked, its
 * checklist's uploads, the required ones still missing, and what the application sends as `materials`.
 */
export function useChecklist(load: () => Promise<CatalogItem[]>, onError: (e: unknown) => void) {
  const [catalog, setCatalog] = useState<CatalogItem[] | null>(null);
  const [subCode, setSubCode] = useState('');
  const { files, put, clear } = useMaterials();
  useEffect(() => {
    load().then(setCatalog, (e) => {
      onError(e);
      setCatalog([]);
    });
  }, []); // read once, on the form's first showing
  const sub = useMemo(() => catalog?.flatMap((i) => i.subItems).find((s) => s.code === subCode), [catalog, subCode]);
  const missing = sub?.materials.filter((m) => m.required && !files[m.code]) ?? [];
  const chosen = (sub?.materials ?? []).map((m) => files[m.code]).filter((m): m is Material => !!m);
  const pick = (code: string) => {
    setSubCode(code);
    clear();
  };
  return { catalog, subCode, pick, sub, files, put, clear, missing, chosen };
}

/** A form's text fields: their values, and `bind(name)`, the value and change handler an input of one takes. */
export function useFields<T extends Record<string, string>>(initial: T) {
  const [values, setValues] = useState(initial);
  const bind = (name: keyof T) => ({
    value: values[name],
    onChange: (e: ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [name]: e.target.value })),
  });
  return { values, bind };
}

/** A labelled text input above its label's line (`id` is also its test id). */
export function Field({ id, label, ...input }: { id: string; label: string } & InputProps) {
  return (
    <div style={field}>
      <label htmlFor={id}>{label}</label>
      <Input id={id} data-testid={id} {...input} />
    </div>
  );
}

/** The catalogue's sub-items grouped by item, as a native select (`id` is also its test id). */
export function SubItemSelect({
  id,
  label,
  placeholder,
  catalog,
  value,
  onChange,
  name = (x) => x.name,
  disabled,
}: {
  id: string;
  label: string;
  placeholder: string;
  catalog: CatalogItem[];
  value: string;
  onChange: (code: string) => void;
  name?: (x: { name: string; nameEn?: string }) => string;
  disabled?: boolean;
}) {
  return (
    <div style={field}>
      <label htmlFor={id}>{label}</label>
      <select id={id} data-testid={id} value={value} style={selectStyle} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
        <option value="">{placeholder}</option>
        {catalog.map((item) => (
          <optgroup key={item.code} label={name(item)}>
            {item.subItems.map((s) => (
              <option key={s.code} value={s.code}>
                {name(s)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}

/** The required materials not uploaded yet, by name, under the checklist. */
export function Missing({ testid, label, missing }: { testid: string; label: string; missing: { name: string }[] }) {
  return missing.length ? (
    <Typography.Paragraph type="secondary" style={{ marginTop: 12 }} data-testid={testid}>
      {label}: {missing.map((m) => m.name).join('、')}
    </Typography.Paragraph>
  ) : null;
}

type Send = (file: File, onProgress: (share: number) => void) => { done: Promise<{ sha256: string }>; abort: () => void };

/** A material's upload: `pick(file)` sends it at once (a new pick cancels the last), with its progress and refusal. */
export function useUpload(code: string, onChange: (m?: Material) => void, send: Send) {
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const abort = useRef<(() => void) | null>(null);
  useEffect(() => () => abort.current?.(), []);
  const pick = async (file: File | undefined) => {
    if (!file) return;
    abort.current?.();
    setError(null);
    onChange(undefined);
    setProgress(0);
    setBusy(true);
    const u = send(file, (share) => setProgress(Math.round(share * 100)));
    abort.current = u.abort;
    try {
      const stored = await u.done;
      onChange({ code, fileName: file.name, sha256: stored.sha256 });
    } catch (e) {
      setError(e);
      setProgress(null);
    } finally {
      abort.current = null;
      setBusy(false);
    }
  };
  return { pick, progress, busy, error };
}

/**
 * One material of the checklist as a list item: its name, `marker` (required or not), its legal basis, the file
 * input, and once uploaded its file's name; `children` below (progress, refusal). Test ids start with `prefix`.
 */
export function MaterialRow({
  prefix,
  material,
  value,
  marker,
  basis,
  uploaded,
  disabled,
  onFile,
  children,
}: {
  prefix: string;
  material: CatalogMaterial;
  value?: Material;
  marker: ReactNode;
  /** The legal basis's label ("依据"), where the side shows one. */
  basis?: string;
  uploaded: string;
  disabled?: boolean;
  onFile: (file: File | undefined) => void;
  children?: ReactNode;
}) {
  const id = `${prefix}material-${material.code}`;
  return (
    <li
      data-testid={`${prefix}material`}
      data-code={material.code}
      data-uploaded={value ? 'yes' : 'no'}
      style={{ padding: '10px 0', borderBottom: '1px solid #f0f0f0', listStyle: 'none' }}
    >
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'baseline' }}>
        <label htmlFor={id} style={{ fontWeight: 500, overflowWrap: 'anywhere' }}>
          {material.name}
        </label>
        {marker}
      </div>
      {material.legalBasis ? (
        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 13, overflowWrap: 'anywhere' }}>
          {basis ? `${basis}: ` : null}
          {material.legalBasis}
        </Typography.Text>
      ) : null}
      <input
        id={id}
        type="file"
        accept={ACCEPT}
        disabled={disabled}
        data-testid={`${prefix}file-${material.code}`}
        onChange={(e) => onFile(e.target.files?.[0])}
        style={{ marginTop: 6, maxWidth: '100%' }}
      />
      {children}
      {value ? (
        <Typography.Text data-testid={`${prefix}uploaded-${material.code}`} style={{ display: 'block', overflowWrap: 'anywhere' }}>
          ✓{uploaded}: <span data-user-text>{value.fileName}</span>
        </Typography.Text>
      ) : null}
    </li>
  );
}
