import { useEffect, useRef, useState } from 'react';
import { Typography } from 'antd';
import { upload } from './client';
import type { CatalogMaterial, Material } from './client';
import { Bar, RefusalText, Tag } from './parts';
import { useWords } from './words';

const ACCEPT = '.pdf,.ofd,application/pdf,image/png,image/jpeg,image/gif,image/tiff,image/webp';

/**
 * One material of the checklist: its name, whether it is required and its legal basis; a file chosen is uploaded
 * at once with a progress bar, and the API's refusal (type, size, quota) shown beside it by its code.
 */
export function MaterialUpload({ material, value, onChange }: { material: CatalogMaterial; value?: Material; onChange: (m?: Material) => void }) {
  const { w } = useWords();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const abort = useRef<(() => void) | null>(null);
  useEffect(() => () => abort.current?.(), []);

  const pick = async (file: File | undefined) => {
    if (!file) return;
    abort.current?.();
    setError(null);
    onChange(undefined);
    setProgress(0);
    const u = upload(file, (share) => setProgress(Math.round(share * 100)));
    abort.current = u.abort;
    try {
      const stored = await u.done;
      onChange({ code: material.code, fileName: file.name, sha256: stored.sha256 });
    } catch (e) {
      setError(e);
      setProgress(null);
    } finally {
      abort.current = null;
    }
  };

  const id = `material-${material.code}`;
  return (
    <li
      data-testid="material"
      data-code={material.code}
      data-uploaded={value ? 'yes' : 'no'}
      style={{ padding: '10px 0', borderBottom: '1px solid #f0f0f0', listStyle: 'none' }}
    >
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'baseline' }}>
        <label htmlFor={id} style={{ fontWeight: 500, overflowWrap: 'anywhere' }}>
          {material.name}
        </label>
        <Tag color={material.required ? 'red' : 'default'}>{material.required ? w('required') : w('optional')}</Tag>
      </div>
      {material.legalBasis ? (
        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 13 }}>
          {w('legalBasis')}: {material.legalBasis}
        </Typography.Text>
      ) : null}
      <input
        id={id}
        type="file"
        accept={ACCEPT}
        data-testid={`file-${material.code}`}
        onChange={(e) => void pick(e.target.files?.[0])}
        style={{ marginTop: 6, maxWidth: '100%' }}
      />
      {progress !== null ? (
        <Bar
          testid={`progress-${material.code}`}
          percent={progress}
          color={value ? '#1b6e20' : undefined}
          label={`${material.name} ${w(value ? 'uploaded' : 'uploading')} ${progress}%`}
        />
      ) : null}
      {value ? (
        <Typography.Text data-testid={`uploaded-${material.code}`}>
          ✓{w('uploaded')}: <span data-user-text>{value.fileName}</span>
        </Typography.Text>
      ) : null}
      <RefusalText error={error} />
    </li>
  );
}
