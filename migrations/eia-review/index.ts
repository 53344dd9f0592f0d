import { Init1764259200000 } from './1764259200000-Init';

/** This service's migrations, oldest first (listed, not globbed: the build knows exactly what runs). */
export const EIA_REVIEW_MIGRATIONS = [Init1764259200000];
