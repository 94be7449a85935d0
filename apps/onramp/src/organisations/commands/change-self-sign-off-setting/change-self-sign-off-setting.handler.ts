import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { CLOCK, type Clock } from '../../../shared/domain/clock';
import { SelfSignOffSettingChanged } from '../../domain/organisation.events';
import { organisationView, type OrganisationView } from '../../organisation.view';
import { OrganisationEntity } from '../../persistence/organisation.entity';
import { OrganisationRepository } from '../../persistence/organisation.repository';
import { ChangeSelfSignOffSetting } from './change-self-sign-off-setting.command';

/**
 * Turns the four-eyes rule off (or back on) for one organisation, on its audit chain: sign-offs
 * read the setting in their own transaction, under the same organisation lock, so none is judged
 * by a half-changed setting. Setting it to what it already is records nothing.
 */
@CommandHandler(ChangeSelfSignOffSetting)
export class ChangeSelfSignOffSettingHandler implements ICommandHandler<ChangeSelfSignOffSetting> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly organisations: OrganisationRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: ChangeSelfSignOffSetting): Promise<OrganisationView> {
    return this.uow.run(command.meta, async (tx) => {
      const locked = await this.organisations.lock(tx, command.organisation);
      const organisation = await tx.em.findOneOrFail(OrganisationEntity, { odsCode: locked.odsCode });
      if (organisation.allowSelfSignOff !== command.allowed) {
        organisation.allowSelfSignOff = command.allowed;
        tx.record(organisation.odsCode, [new SelfSignOffSettingChanged(organisation.odsCode, command.allowed, this.clock.now().toISOString())]);
      }
      return organisationView(organisation);
    });
  }
}
