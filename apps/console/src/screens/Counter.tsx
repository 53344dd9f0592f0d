import { useEffect, useMemo, useState } from 'react';
import { Button, Card, Input, Typography } from 'antd';
import { ApiError, client, ok, session } from '../api';
import type { Schemas } from '../api';
import { ErrorText } from '../Lamp';
import { useI18n } from '../i18n';
import { go } from '../route';

type CatalogItem = Schemas['CatalogItemDto'];
type CatalogMaterial = Schemas['CatalogMaterialDto'];
interface Material {
  code: string;
  fileName: string;
  sha256: string;
}

const ACCEPT = '.pdf,.ofd,application/pdf,image/png,image/jpeg,image/gif,image/tiff,image/webp';
const selectStyle = { width: '100%', height: 32, borderRadius: 6, border: '1px solid #8c8c8c', padding: '0 8px', background: '#fff' };
const field = { display: 'flex', flexDirection: 'column' as const, gap: 4, marginBottom: 12 };

/**
 * Stores a material as the enterprise's (POST /api/v1/files?onBehalfOf=<creditCode>, multipart field `file`): the
 * window's upload for the enterprise it files for; the API's refusal comes back as an ApiError with its code.
 */
async function uploadFor(creditCode: string, file: File): Promise<{ sha256: string }> {
  const form = new FormData();
  form.append('file', file, file.name);
  const res = await fetch(`/api/v1/files?onBehalfOf=${encodeURIComponent(creditCode)}`, {
    method: 'POST',
    headers: { Accept: 'application/json', ...(session.token ? { Authorization: `Bearer ${session.token}` } : {}) },
    body: form,
  });
  const body = (await res.json().catch(() => ({}))) as { sha256?: string; code?: string; message?: string | string[] };
  if (res.status === 401) window.dispatchEvent(new Event('console:unauthorized'));
  if (!res.ok || !body.sha256) {
    const message = Array.isArray(body.message) ? body.message.join('; ') : (body.message ?? res.statusText);
    throw new ApiError(res.status, body.code ?? `HTTP_${res.status}`, message);
  }
  return { sha256: body.sha256 };
}

/**
 * 柜台代办 (window staff only): the clerk names the enterprise (credit code and name), picks the service from the
 * catalogue, uploads the checklist's materials as the enterprise's and files with `onBehalfOf` (channel counter).
 */
export default function Counter() {
  const { t } = useI18n();
  const [catalog, setCatalog] = useState<CatalogItem[] | null>(null);
  const [creditCode, setCreditCode] = useState('');
  const [firm, setFirm] = useState('');
  const [subCode, setSubCode] = useState('');
  const [project, setProject] = useState({ name: '', location: '' });
  const [materials, setMaterials] = useState<Record<string, Material>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState(() => crypto.randomUUID());

  useEffect(() => {
    ok(client.GET('/api/v1/catalog/items')).then(
      (items) => setCatalog(items as CatalogItem[]),
      (e) => {
        setError(e);
        setCatalog([]);
      },
    );
  }, []);
  const sub = useMemo(() => catalog?.flatMap((i) => i.subItems).find((s) => s.code === subCode), [catalog, subCode]);
  const missing = sub?.materials.filter((m) => m.required && !materials[m.code]) ?? [];
  const code = creditCode.trim().toUpperCase();
  const ready = !!sub && code.length === 18 && !!firm.trim() && !!project.name.trim() && missing.length === 0;

  const submit = async () => {
    if (!sub) return;
    setBusy(true);
    setError(null);
    try {
      const created = await ok(
        client.POST('/api/v1/applications', {
          params: { header: { 'Idempotency-Key': key } },
          body: {
            subItemCode: sub.code,
            onBehalfOf: { creditCode: code, name: firm.trim() },
            project: { name: project.name.trim(), ...(project.location.trim() ? { location: project.location.trim() } : {}) },
            materials: sub.materials.map((m) => materials[m.code]).filter((m): m is Material => !!m),
          },
        }),
      );
      setKey(crypto.randomUUID());
      go('case', (created as { id: string }).id);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="counter-title" data-testid="counter">
      <Typography.Title level={2} id="counter-title" style={{ fontSize: 20 }}>
        {t('counter')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('counterHint')}</Typography.Paragraph>
      <Card size="small" style={{ maxWidth: 760 }}>
        <div style={field}>
          <label htmlFor="counter-credit-code">{t('creditCode')}</label>
          <Input
            id="counter-credit-code"
            data-testid="counter-credit-code"
            maxLength={18}
            value={creditCode}
            onChange={(e) => {
              // materials are stored as one enterprise's: another enterprise starts the checklist again
              setCreditCode(e.target.value);
              setMaterials({});
            }}
            autoComplete="off"
          />
        </div>
        <div style={field}>
          <label htmlFor="counter-firm">{t('enterpriseName')}</label>
          <Input id="counter-firm" data-testid="counter-firm" maxLength={200} value={firm} onChange={(e) => setFirm(e.target.value)} />
        </div>
        <div style={field}>
          <label htmlFor="counter-sub-item">{t('item')}</label>
          <select
            id="counter-sub-item"
            data-testid="counter-sub-item"
            value={subCode}
            style={selectStyle}
            disabled={!catalog}
            onChange={(e) => {
              setSubCode(e.target.value);
              setMaterials({});
            }}
          >
            <option value="">{t('pickItem')}</option>
            {(catalog ?? []).map((item) => (
              <optgroup key={item.code} label={item.name}>
                {item.subItems.map((s) => (
                  <option key={s.code} value={s.code}>
                    {s.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        {sub ? (
          <>
            <div style={field}>
              <label htmlFor="counter-project">{t('projectName')}</label>
              <Input
                id="counter-project"
                data-testid="counter-project"
                maxLength={200}
                value={project.name}
                onChange={(e) => setProject({ ...project, name: e.target.value })}
              />
            </div>
            <div style={field}>
              <label htmlFor="counter-location">{t('location')}</label>
              <Input
                id="counter-location"
                data-testid="counter-location"
                maxLength={500}
                value={project.location}
                onChange={(e) => setProject({ ...project, location: e.target.value })}
              />
            </div>
            <Typography.Title level={3} style={{ fontSize: 16 }}>
              {t('materialsChecklist')}
            </Typography.Title>
            <ul style={{ padding: 0, margin: 0 }} data-testid="counter-checklist">
              {sub.materials.map((m) => (
                <CounterMaterial
                  key={`${sub.code}-${m.code}-${code}`}
                  material={m}
                  creditCode={code}
                  value={materials[m.code]}
                  onChange={(v) =>
                    setMaterials((all) => {
                      const next = { ...all };
                      if (v) next[m.code] = v;
                      else delete next[m.code];
                      return next;
                    })
                  }
                />
              ))}
            </ul>
            {missing.length ? (
              <Typography.Paragraph type="secondary" style={{ marginTop: 12 }} data-testid="counter-missing">
                {t('missingMaterials')}: {missing.map((m) => m.name).join('、')}
              </Typography.Paragraph>
            ) : null}
          </>
        ) : null}
        <ErrorText error={error} />
        <Button type="primary" style={{ marginTop: 12 }} disabled={!ready} loading={busy} onClick={() => void submit()} data-testid="counter-submit">
          {t('submitOnBehalf')}
        </Button>
      </Card>
    </section>
  );
}

/** One material: its name, required or not, its legal basis, and the file input that uploads it as the enterprise's. */
function CounterMaterial({
  material,
  creditCode,
  value,
  onChange,
}: {
  material: CatalogMaterial;
  creditCode: string;
  value?: Material;
  onChange: (m?: Material) => void;
}) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const id = `counter-material-${material.code}`;
  const pick = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    onChange(undefined);
    setBusy(true);
    try {
      const stored = await uploadFor(creditCode, file);
      onChange({ code: material.code, fileName: file.name, sha256: stored.sha256 });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <li
      data-testid="counter-material"
      data-code={material.code}
      data-uploaded={value ? 'yes' : 'no'}
      style={{ padding: '10px 0', borderBottom: '1px solid #f0f0f0', listStyle: 'none' }}
    >
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'baseline' }}>
        <label htmlFor={id} style={{ fontWeight: 500, overflowWrap: 'anywhere' }}>
          {material.name}
        </label>
        <span style={{ color: material.required ? '#b3261e' : 'rgba(0,0,0,0.65)', fontSize: 13 }}>{material.required ? t('required') : t('optional')}</span>
      </div>
      {material.legalBasis ? (
        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 13, overflowWrap: 'anywhere' }}>
          {material.legalBasis}
        </Typography.Text>
      ) : null}
      <input
        id={id}
        type="file"
        accept={ACCEPT}
        disabled={busy || creditCode.length !== 18}
        data-testid={`counter-file-${material.code}`}
        onChange={(e) => void pick(e.target.files?.[0])}
        style={{ marginTop: 6, maxWidth: '100%' }}
      />
      {value ? (
        <Typography.Text data-testid={`counter-uploaded-${material.code}`} style={{ display: 'block', overflowWrap: 'anywhere' }}>
          ✓{t('uploaded')}: {value.fileName}
        </Typography.Text>
      ) : null}
      <ErrorText error={error} />
    </li>
  );
}
