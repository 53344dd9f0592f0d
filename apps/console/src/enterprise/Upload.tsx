import { upload } from './client';
import type { CatalogMaterial, Material } from './client';
import { MaterialRow, useUpload } from '../forms';
import { Bar, RefusalText, Tag } from './parts';
import { useWords } from './words';

/**
 * One material of the checklist: its name, whether it is required and its legal basis; a file chosen is uploaded
 * at once with a progress bar, and the API's refusal (type, size, quota) shown beside it by its code.
 */
export function MaterialUpload({ material, value, onChange }: { material: CatalogMaterial; value?: Material; onChange: (m?: Material) => void }) {
  const { w } = useWords();
  const { pick, progress, error } = useUpload(material.code, onChange, upload);
  return (
    <MaterialRow
      prefix=""
      material={material}
      value={value}
      marker={<Tag color={material.required ? 'red' : 'default'}>{material.required ? w('required') : w('optional')}</Tag>}
      basis={w('legalBasis')}
      uploaded={w('uploaded')}
      onFile={(file) => void pick(file)}
    >
      {progress !== null ? (
        <Bar
          testid={`progress-${material.code}`}
          percent={progress}
          color={value ? '#1b6e20' : undefined}
          label={`${material.name} ${w(value ? 'uploaded' : 'uploading')} ${progress}%`}
        />
      ) : null}
      <RefusalText error={error} />
    </MaterialRow>
  );
}
