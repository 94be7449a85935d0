import { Controller, Get, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ListPlugins, type PluginView } from '../../plugin-host';
import { typeLabel } from '../../platform/rendering/template-helpers';
import { Requires } from '../../shared/http/access.decorators';
import { PageRenderer } from '../page-renderer';

const SOURCES: Record<string, string> = { 'built-in': 'Comes with Onramp', path: 'A file on this server', package: 'An installed npm package' };

/** The plugins this server runs (administrators), each with what it adds to Onramp in words. */
@ApiExcludeController()
@Controller('admin/plugins')
export class PluginsPage {
  constructor(
    private readonly pages: PageRenderer,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @Requires('jobs.read')
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const { pluginApiVersion, items } = await this.queries.execute(new ListPlugins());
    this.pages.send(
      request,
      reply,
      'admin/plugins',
      {
        breadcrumbs: [{ href: '/admin', label: 'Administration' }],
        pluginApiVersion,
        plugins: items.map((p) => ({
          heading: `${p.id} ${p.version}`,
          description: p.description,
          warning: p.compatibilityWarning,
          rows: [
            { key: 'For', value: p.organisationTypes === '*' ? 'Every type of organisation' : p.organisationTypes.map((t) => typeLabel(t)).join(', ') },
            { key: 'Adds', value: addsInWords(p) },
            { key: 'Needs', value: p.dependsOn.length ? `The plugins ${p.dependsOn.join(', ')}, enabled before it` : 'No other plugin' },
            { key: 'Plugin API', value: `Written for ${p.hostApi}` },
            { key: 'Loaded from', value: `${SOURCES[p.source.kind] ?? p.source.kind}: ${p.source.spec}` },
          ],
        })),
      },
      { title: 'Plugins' },
    );
  }
}

/** "12 steps to the checklist; decides which steps apply to each organisation; …" */
export function addsInWords(p: Pick<PluginView, 'stepCount' | 'hooks' | 'templates'>): string {
  const parts = [
    ...(p.stepCount ? [`${p.stepCount} ${p.stepCount === 1 ? 'step' : 'steps'} to the checklist`] : []),
    ...(p.hooks.appliesTo ? ['decides which steps apply to each organisation'] : []),
    ...(p.hooks.adjustReadiness ? ['can make readiness red or amber, saying why'] : []),
    ...(p.hooks.complianceChecks.length
      ? [
          `${p.hooks.complianceChecks.length} compliance ${p.hooks.complianceChecks.length === 1 ? 'check' : 'checks'}: ${p.hooks.complianceChecks.map((c) => c.title).join('; ')}`,
        ]
      : []),
    ...(p.templates ? ['email templates of its own'] : []),
  ];
  return parts.length ? `${parts.join('; ')}.` : 'Nothing yet: it has no steps or hooks.';
}
