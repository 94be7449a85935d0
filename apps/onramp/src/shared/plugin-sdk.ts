/** The host's one door to the plugin SDK: the vocabulary and schemas plugins and the host share. */
export * from '../../../../plugins/sdk/src';
