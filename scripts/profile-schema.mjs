// Writes schemas/profile.schema.json from its one definition, server/src/sim/profileSchema.ts (run a build first:
// node scripts/build.mjs && node scripts/profile-schema.mjs). A unit test fails while the two differ.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { profileSchemaText } = createRequire(import.meta.url)(join(root, 'out', 'server', 'src', 'sim', 'profileSchema.js'));
writeFileSync(join(root, 'schemas', 'profile.schema.json'), profileSchemaText());
console.log('schemas/profile.schema.json written');
