// Prints the schema MikroORM would create for a database, to write a migration from.
// Usage: node dist/test/tools/print-schema.js sqlite|postgresql
import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/core';
import { ormOptions } from '../../apps/onramp/src/platform/database/orm.config';
import { SCHEMA } from '../../apps/onramp/src/schema';

async function main() {
  const kind = process.argv[2];
  const orm = await MikroORM.init({
    ...ormOptions(kind === 'sqlite' ? { kind: 'sqlite', path: ':memory:' } : { kind: 'postgresql', url: 'postgres://postgres@127.0.0.1:5432/test' }, SCHEMA),
    connect: false,
  } as never);
  process.stdout.write(await orm.schema.getCreateSchemaSQL({ wrap: false }));
  await orm.close();
}
void main();
