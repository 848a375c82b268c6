import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { BantinStack } from './stack.js';

const app = new App();

new BantinStack(app, 'Bantin', {
  description: 'Bantin: serverless syndication of Vietnamese newspapers (RSS, Atom, JSON feeds)',
});

// cdk-nag 3 runs as a policy-validation plugin: an unacknowledged finding fails the synth.
// Each acknowledgement lives beside the resource it concerns, with its reason.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));

app.synth();
// Reached only when every check passed (a finding throws above): say so, for `npm run synth`.
console.error(
  'cdk-nag: AwsSolutions checks passed (every acknowledged finding has its reason beside its resource)',
);
