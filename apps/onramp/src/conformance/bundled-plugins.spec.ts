import { join } from 'node:path';
import { projectRoot } from '../shared/config/project-root';
import { describeConformance } from './testing';

/*
 * The conformance kit over each plugin bundled in this repository, as a third party runs it in its
 * own Jest. It lives in the host because the kit is host code: the plugins' folders import only
 * plugins/sdk/src.
 */
for (const plugin of ['acute', 'independent-sector', 'mental-health'])
  describeConformance(require.resolve(join(projectRoot(), 'plugins', plugin, 'src', 'index')));
