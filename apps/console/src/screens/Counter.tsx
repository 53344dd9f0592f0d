import { useState } from 'react';
import { Button, Card, Typography } from 'antd';
import { client, ok, session } from '../api';
import type { Schemas } from '../api';
import { Field, MaterialRow, Missing, SubItemSelect, useAction, useChecklist, useFields, useUpload } from '../forms';
import type { Material } from '../forms';
import { upload } from '../http';
import { ErrorText } from '../Lamp';
import { useI18n } from '../i18n';
import { go } from '../route';

type CatalogItem = Schemas['CatalogItemDto'];
type CatalogMaterial = Schemas['CatalogMaterialDto'];

/**
 * 柜台代办 (window staff only): the clerk names the enterprise (credit code and name), picks the service from the
 * catalogue, uploads the checklist's materials as the enterprise's and files with `onBehalfOf` (channel counter).
 */
export default function Counter() {
  const { t } = useI18n();
  const { busy, error, setError, run } = useAction();
  const { catalog, subCode, pick, sub, files, put, clear, missing, chosen } = useChecklist(
    () => ok(client.GET('/api/v1/catalog/items')) as Promise<CatalogItem[]>,
    setError,
  );
  const [creditCode, setCreditCode] = useState('');
  const { values: project, bind } = useFields({ firm: '', name: '', location: '' });
  const firm = project.firm;
  const [key, setKey] = useState(() => crypto.randomUUID());
  const code = creditCode.trim().toUpperCase();
  const ready = !!sub && code.length === 18 && !!firm.trim() && !!project.name.trim() && missing.length === 0;

  const submit = () =>
    run(async () => {
      if (!sub) return;
      const created = await ok(
        client.POST('/api/v1/applications', {
          params: { header: { 'Idempotency-Key': key } },
          body: {
            subItemCode: sub.code,
            onBehalfOf: { creditCode: code, name: firm.trim() },
            project: { name: project.name.trim(), ...(project.location.trim() ? { location: project.location.trim() } : {}) },
            materials: chosen,
          },
        }),
      );
      setKey(crypto.randomUUID());
      go('case', (created as { id: string }).id);
    });

  return (
    <section aria-labelledby="counter-title" data-testid="counter">
      <Typography.Title level={2} id="counter-title" style={{ fontSize: 20 }}>
        {t('counter')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('counterHint')}</Typography.Paragraph>
      <Card size="small" style={{ maxWidth: 760 }}>
        <Field
          id="counter-credit-code"
          label={t('creditCode')}
          maxLength={18}
          value={creditCode}
          onChange={(e) => {
            // materials are stored as one enterprise's: another enterprise starts the checklist again
            setCreditCode(e.target.value);
            clear();
          }}
          autoComplete="off"
        />
        <Field id="counter-firm" label={t('enterpriseName')} maxLength={200} {...bind('firm')} />
        <SubItemSelect
          id="counter-sub-item"
          label={t('item')}
          placeholder={t('pickItem')}
          catalog={catalog ?? []}
          value={subCode}
          onChange={pick}
          disabled={!catalog}
        />
        {sub ? (
          <>
            <Field id="counter-project" label={t('projectName')} maxLength={200} {...bind('name')} />
            <Field id="counter-location" label={t('location')} maxLength={500} {...bind('location')} />
            <Typography.Title level={3} style={{ fontSize: 16 }}>
              {t('materialsChecklist')}
            </Typography.Title>
            <ul style={{ padding: 0, margin: 0 }} data-testid="counter-checklist">
              {sub.materials.map((m) => (
                <CounterMaterial key={`${sub.code}-${m.code}-${code}`} material={m} creditCode={code} value={files[m.code]} onChange={put(m.code)} />
              ))}
            </ul>
            <Missing testid="counter-missing" label={t('missingMaterials')} missing={missing} />
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
  const { pick, busy, error } = useUpload(material.code, onChange, (file, onProgress) =>
    upload(file, onProgress, {
      token: () => session.token,
      onUnauthorized: () => window.dispatchEvent(new Event('console:unauthorized')),
      onBehalfOf: creditCode,
    }),
  );
  return (
    <MaterialRow
      prefix="counter-"
      material={material}
      value={value}
      marker={
        <span style={{ color: material.required ? '#b3261e' : 'rgba(0,0,0,0.65)', fontSize: 13 }}>{material.required ? t('required') : t('optional')}</span>
      }
      uploaded={t('uploaded')}
      disabled={busy || creditCode.length !== 18}
      onFile={(file) => void pick(file)}
    >
      <ErrorText error={error} />
    </MaterialRow>
  );
}
