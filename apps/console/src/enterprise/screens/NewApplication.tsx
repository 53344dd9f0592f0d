import { useState } from 'react';
import { Button, Card, Typography } from 'antd';
import { api, ok } from '../client';
import { Field, Missing, SubItemSelect, useAction, useChecklist, useFields } from '../../forms';
import { Heading, Loading, RefusalText, href } from '../parts';
import { MaterialUpload } from '../Upload';
import { useWords } from '../words';

/** 新办申请: a service from the catalogue, the project, and its materials checklist with uploads. */
export function NewApplication() {
  const { w, l, days, lang } = useWords();
  const { busy, error, setError, run } = useAction();
  const { catalog, subCode, pick, sub, files, put, missing, chosen } = useChecklist(() => ok(api.GET('/api/v1/catalog/items')), setError);
  const { values: project, bind } = useFields({ name: '', code: '', location: '' });
  const [investment, setInvestment] = useState<number | null>(null);
  const [key] = useState(() => crypto.randomUUID());
  const name = (x: { name: string; nameEn?: string }) => (lang === 'en' && x.nameEn ? x.nameEn : x.name);

  const submit = () =>
    run(async () => {
      if (!sub) return;
      const created = await ok(
        api.POST('/api/v1/applications', {
          params: { header: { 'Idempotency-Key': key } },
          body: {
            subItemCode: sub.code,
            project: {
              name: project.name.trim(),
              ...(project.code.trim() ? { code: project.code.trim() } : {}),
              ...(project.location.trim() ? { location: project.location.trim() } : {}),
              ...(investment !== null ? { investment } : {}),
            },
            materials: chosen,
          },
        }),
      );
      window.location.hash = href('application', created.id);
    });

  if (!catalog) return <Loading />;
  return (
    <section data-testid="new-application">
      <Heading>{w('newApplication')}</Heading>
      <Card size="small" style={{ maxWidth: 760 }}>
        <SubItemSelect id="sub-item" label={w('item')} placeholder={w('pickItem')} catalog={catalog} value={subCode} onChange={pick} name={name} />
        {sub ? (
          <>
            <Typography.Paragraph type="secondary" data-testid="limits">
              {l('licenseType', catalog.find((i) => i.subItems.includes(sub))?.licenseType)} · {l('subItemKind', sub.kind)} · {w('statutoryLimit')}{' '}
              {days(sub.statutoryLimit.days, sub.statutoryLimit.unit)} · {w('committedLimit')} {days(sub.committedLimit.days, sub.committedLimit.unit)}
            </Typography.Paragraph>
            <Field id="project-name" label={w('projectName')} maxLength={200} {...bind('name')} />
            <Field id="project-code" label={w('projectCode')} {...bind('code')} />
            <Field id="project-location" label={w('location')} maxLength={500} {...bind('location')} />
            <Field
              id="project-investment"
              label={w('investment')}
              type="number"
              inputMode="decimal"
              min={0}
              value={investment ?? ''}
              onChange={(e) => setInvestment(e.target.value === '' || Number.isNaN(Number(e.target.value)) ? null : Number(e.target.value))}
            />
            <Typography.Title level={3} style={{ fontSize: 16 }}>
              {w('materials')}
            </Typography.Title>
            <Typography.Paragraph type="secondary">{w('fileTypes')}</Typography.Paragraph>
            <ul style={{ padding: 0, margin: 0 }} data-testid="checklist">
              {sub.materials.map((m) => (
                <MaterialUpload key={`${sub.code}-${m.code}`} material={m} value={files[m.code]} onChange={put(m.code)} />
              ))}
            </ul>
            <Missing testid="missing" label={w('missingMaterials')} missing={missing} />
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
