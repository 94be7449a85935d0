import { StepCommand } from '../step.command';

export class StartStep extends StepCommand {}
