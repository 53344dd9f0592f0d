import { useEffect, useMemo, useState } from 'react';
import { Button, Card, Input, Typography } from 'antd';
import { api, ok } from '../client';
import type { CatalogItem, Material } from '../client';
import { Heading, Loading, RefusalText, href } from '../parts';
import { MaterialUpload } from '../Upload';
import { useWords } from '../words';

const selectStyle = { width: '100%', height: 32, borderRadius: 6, border: '1px solid #8c8c8c', padding: '0 8px', background: '#fff' };
const field = { display: 'flex', flexDirection: 'column' as const, gap: 4, marginBottom: 12 };

/** 新办申请: a service from the catalogue, the project, and its materials checklist with uploads. */
export function NewApplication() {
  const { w, l, days, lang } = useWords();
  const [catalog, setCatalog] = useState<CatalogItem[] | null>(null);
  const [subCode, setSubCode] = useState('');
  const [project, setProject] = useState({ name: '', code: '', location: '', investment: null as number | null });
  const [materials, setMaterials] = useState<Record<string, Material>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [key] = useState(() => crypto.randomUUID());

  useEffect(() => {
    ok(api.GET('/api/v1/catalog/items')).then(setCatalog, (e) => {
      setError(e);
      setCatalog([]);
    });
  }, []);
  const sub = useMemo(() => catalog?.flatMap((i) => i.subItems).find((s) => s.code === subCode), [catalog, subCode]);
  const missing = sub?.materials.filter((m) => m.required && !materials[m.code]) ?? [];
  const name = (x: { name: string; nameEn?: string }) => (lang === 'en' && x.nameEn ? x.nameEn : x.name);

  const submit = async () => {
    if (!sub) return;
    setBusy(true);
    setError(null);
    try {
      const created = await ok(
        api.POST('/api/v1/applications', {
          params: { header: { 'Idempotency-Key': key } },
          body: {
            subItemCode: sub.code,
            project: {
              name: project.name.trim(),
              ...(project.code.trim() ? { code: project.code.trim() } : {}),
              ...(project.location.trim() ? { location: project.location.trim() } : {}),
              ...(project.investment !== null ? { investment: project.investment } : {}),
            },
            materials: sub.materials.map((m) => materials[m.code]).filter((m): m is Material => !!m),
          },
        }),
      );
      window.location.hash = href('application', created.id);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (!catalog) return <Loading />;
  return (
    <section data-testid="new-application">
      <Heading>{w('newApplication')}</Heading>
      <Card size="small" style={{ maxWidth: 760 }}>
        <div style={field}>
          <label htmlFor="sub-item">{w('item')}</label>
          <select
            id="sub-item"
            data-testid="sub-item"
            value={subCode}
            style={selectStyle}
            onChange={(e) => {
              setSubCode(e.target.value);
              setMaterials({});
            }}
          >
            <option value="">{w('pickItem')}</option>
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
        {sub ? (
          <>
            <Typography.Paragraph type="secondary" data-testid="limits">
              {l('licenseType', catalog.find((i) => i.subItems.includes(sub))?.licenseType)} · {l('subItemKind', sub.kind)} · {w('statutoryLimit')}{' '}
              {days(sub.statutoryLimit.days, sub.statutoryLimit.unit)} · {w('committedLimit')} {days(sub.committedLimit.days, sub.committedLimit.unit)}
            </Typography.Paragraph>
            <div style={field}>
              <label htmlFor="project-name">{w('projectName')}</label>
              <Input
                id="project-name"
                data-testid="project-name"
                maxLength={200}
                value={project.name}
                onChange={(e) => setProject({ ...project, name: e.target.value })}
              />
            </div>
            <div style={field}>
              <label htmlFor="project-code">{w('projectCode')}</label>
              <Input id="project-code" data-testid="project-code" value={project.code} onChange={(e) => setProject({ ...project, code: e.target.value })} />
            </div>
            <div style={field}>
              <label htmlFor="project-location">{w('location')}</label>
              <Input
                id="project-location"
                data-testid="project-location"
                maxLength={500}
                value={project.location}
                onChange={(e) => setProject({ ...project, location: e.target.value })}
              />
            </div>
            <div style={field}>
              <label htmlFor="project-investment">{w('investment')}</label>
              <Input
                id="project-investment"
                data-testid="project-investment"
                type="number"
                inputMode="decimal"
                min={0}
                value={project.investment ?? ''}
                onChange={(e) =>
                  setProject({ ...project, investment: e.target.value === '' || Number.isNaN(Number(e.target.value)) ? null : Number(e.target.value) })
                }
              />
            </div>
            <Typography.Title level={3} style={{ fontSize: 16 }}>
              {w('materials')}
            </Typography.Title>
            <Typography.Paragraph type="secondary">{w('fileTypes')}</Typography.Paragraph>
            <ul style={{ padding: 0, margin: 0 }} data-testid="checklist">
              {sub.materials.map((m) => (
                <MaterialUpload
                  key={`${sub.code}-${m.code}`}
                  material={m}
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
              <Typography.Paragraph type="secondary" style={{ marginTop: 12 }} data-testid="missing">
                {w('missingMaterials')}: {missing.map((m) => m.name).join('、')}
              </Typography.Paragraph>
            ) : null}
            <Button
              type="primary"
              style={{ marginTop: 12 }}
              disabled={!project.name.trim() || missing.length > 0}
              loading={busy}
              onClick={() => void submit()}
              data-testid="submit"
            >
              {w('submit')}
            </Button>
          </>
        ) : null}
        <RefusalText error={error} />
      </Card>
    </section>
  );
}
