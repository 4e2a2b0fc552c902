import { readFileSync } from 'node:fs';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/aws/app.ts';

/** cdk.json's context (feature flags, defaults), as the CDK CLI would pass it. */
const cdkJson: { context: Record<string, unknown> } = JSON.parse(
  readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'),
);

/** The app as the CLI builds it, without asset bundling: the template is the same, the test 20x faster. */
export function buildTestApp(context: Record<string, unknown> = {}) {
  return buildApp({ ...cdkJson.context, 'aws:cdk:bundling-stacks': [], ...context });
}

export function synthTemplate(context: Record<string, unknown> = {}) {
  const { app, stack } = buildTestApp(context);
  return { app, stack, template: Template.fromStack(stack) };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The state machine definition as JSON, with CloudFormation tokens replaced by "<ref:LogicalId>". */
export function definitionOf(template: Template): Record<string, Json> {
  const machines = template.findResources('AWS::StepFunctions::StateMachine');
  const [machine] = Object.values(machines);
  const definition: unknown = machine?.Properties?.DefinitionString;
  let text: string;
  if (typeof definition === 'string') text = definition;
  else {
    const join = (definition as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
    text = join[1]
      .map((part) => {
        if (typeof part === 'string') return part;
        const getAtt = (part as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
        const ref = (part as { Ref?: string }).Ref;
        return `<ref:${getAtt?.[0] ?? ref ?? 'unknown'}>`;
      })
      .join('');
  }
  return JSON.parse(text);
}
