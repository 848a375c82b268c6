/**
 * The HTTP API's authentication: every admin route of the topology needs a JWT of the
 * administrators' Cognito user pool (audience: the admin page's client); public routes are
 * open. The user pool takes no sign-ups and requires MFA.
 */
import { readFileSync } from 'node:fs';
import { App, type CfnResource } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BantinStack } from '../../infra/stack.js';
import { env, type FunctionSpec, type HttpRoute, topology } from '../../infra/topology.js';

type Resource = { Type: string; Properties: Record<string, unknown> };

let stack: BantinStack;
let resources: Record<string, Resource>;
const logicalId = (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnResource);
const resourceOf = (construct: IConstruct) => resources[logicalId(construct)]!;

const httpRoutes: (HttpRoute & { functionName: string })[] = Object.entries(
  topology.functions as Record<string, FunctionSpec>,
).flatMap(([functionName, spec]) =>
  spec.trigger.kind === 'http' ? spec.trigger.routes.map((route) => ({ ...route, functionName })) : [],
);

beforeAll(() => {
  const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'));
  const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
  stack = new BantinStack(app, 'Bantin');
  resources = Template.fromStack(stack).toJSON().Resources;
});

function routeResource(route: HttpRoute): Resource {
  const found = Object.values(resources).filter(
    (r) => r.Type === 'AWS::ApiGatewayV2::Route' && r.Properties.RouteKey === `${route.method} ${route.path}`,
  );
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('the HTTP API', () => {
  it('has administration routes and public routes in the topology', () => {
    expect(httpRoutes.some((r) => r.auth === 'admin')).toBe(true);
    expect(httpRoutes.some((r) => r.auth === 'public')).toBe(true);
    expect(stack.httpApi).toBeDefined();
  });

  it('has one JWT authorizer: the administrators user pool, audience the admin page client', () => {
    const authorizers = Object.values(resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizers).toHaveLength(1);
    const props = authorizers[0]!.Properties;
    expect(props.AuthorizerType).toBe('JWT');
    expect(props.IdentitySource).toEqual(['$request.header.Authorization']);
    const jwt = props.JwtConfiguration as { Audience: unknown[]; Issuer: unknown };
    expect(jwt.Audience).toEqual([{ Ref: logicalId(stack.httpApi!.adminPageClient) }]);
    expect(JSON.stringify(jwt.Issuer)).toContain(logicalId(stack.httpApi!.administrators));
    expect(JSON.stringify(jwt.Issuer)).toContain('cognito-idp');
  });

  it.each(httpRoutes.filter((r) => r.auth === 'admin'))(
    'admin route $method $path needs the Cognito JWT',
    (route) => {
      const props = routeResource(route).Properties;
      expect(props.AuthorizationType).toBe('JWT');
      const authorizerId = Object.entries(resources).find(
        ([, r]) => r.Type === 'AWS::ApiGatewayV2::Authorizer',
      )![0];
      expect(props.AuthorizerId).toEqual({ Ref: authorizerId });
    },
  );

  it.each(httpRoutes.filter((r) => r.auth === 'public'))('public route $method $path is open', (route) => {
    const props = routeResource(route).Properties;
    expect(props.AuthorizationType ?? 'NONE').toBe('NONE');
    expect(props.AuthorizerId).toBeUndefined();
  });

  it.each(httpRoutes.filter((r) => r.method === 'GET'))(
    'GET $path has a HEAD twin with the same authorization',
    (route) => {
      const get = routeResource(route).Properties;
      const head = routeResource({ ...route, method: 'HEAD' as HttpRoute['method'] }).Properties;
      expect(head.Target).toEqual(get.Target);
      expect(head.AuthorizationType ?? 'NONE').toBe(get.AuthorizationType ?? 'NONE');
      expect(head.AuthorizerId).toEqual(get.AuthorizerId);
    },
  );

  it('uses no IAM authorization any more', () => {
    const types = Object.values(resources)
      .filter((r) => r.Type === 'AWS::ApiGatewayV2::Route')
      .map((r) => r.Properties.AuthorizationType);
    expect(types).not.toContain('AWS_IAM');
  });
});

describe('the administrators user pool', () => {
  it('takes no sign-ups, requires MFA (TOTP) and a strong password, enforces threat protection', () => {
    const pool = resourceOf(stack.httpApi!.administrators).Properties;
    expect(pool.AdminCreateUserConfig).toMatchObject({ AllowAdminCreateUserOnly: true });
    expect(pool.MfaConfiguration).toBe('ON');
    expect(pool.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(pool.Policies).toMatchObject({
      PasswordPolicy: {
        MinimumLength: 14,
        RequireLowercase: true,
        RequireUppercase: true,
        RequireNumbers: true,
        RequireSymbols: true,
      },
    });
    expect(pool.UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'ENFORCED' });
    expect(pool.DeletionProtection).toBe('ACTIVE');
  });

  it('has a public admin page client: no secret, code grant only, back to /admin', () => {
    const client = resourceOf(stack.httpApi!.adminPageClient).Properties;
    expect(client.GenerateSecret).toBe(false);
    expect(client.AllowedOAuthFlows).toEqual(['code']);
    expect(client.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(client.PreventUserExistenceErrors).toBe('ENABLED');
    expect(JSON.stringify(client.CallbackURLs)).toContain('/admin');
    expect(JSON.stringify(client.CallbackURLs)).toContain(logicalId(stack.httpApi!.api));
  });

  it('is what the admin page signs in with: its function gets the login URL and client id', () => {
    const variables = (
      resourceOf(stack.functions['admin-page'].function).Properties.Environment as {
        Variables: Record<string, unknown>;
      }
    ).Variables;
    expect(variables[env.adminClientId]).toEqual({ Ref: logicalId(stack.httpApi!.adminPageClient) });
    expect(JSON.stringify(variables[env.adminLoginUrl])).toContain(logicalId(stack.httpApi!.adminLogin));
  });
});
