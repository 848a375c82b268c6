import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { type HttpRoute, methodsOf } from '../topology.js';

/**
 * The HTTP API in front of the `http` functions of the topology (payload 2.0, the format the
 * local stand-in produces). Admin routes need a JWT of the administrators' Cognito user pool
 * (the admin page gets one through the hosted UI, authorization code with PKCE); public routes
 * are open and throttled. Access logs go to CloudWatch, with the administrator of each call.
 */
export class HttpApi extends Construct {
  readonly api: apigw.HttpApi;
  /** Administrators only: no self sign-up, MFA required, threat protection enforced. */
  readonly administrators: cognito.UserPool;
  /** The admin page: a public client (no secret), code grant with PKCE, back to `/admin`. */
  readonly adminPageClient: cognito.UserPoolClient;
  /** The hosted sign-in UI's domain. */
  readonly adminLogin: cognito.UserPoolDomain;
  private readonly adminAuthorizer: HttpUserPoolAuthorizer;
  private readonly integrations = new Map<lambda.IFunction, HttpLambdaIntegration>();

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.api = new apigw.HttpApi(this, 'Api', {
      description: 'Bantin public and admin HTTP API',
      createDefaultStage: false,
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.ONE_MONTH });
    new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: apigateway.AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            time: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latency: '$context.responseLatency',
            error: '$context.integrationErrorMessage',
            admin: '$context.authorizer.claims.email',
          }),
        ),
      },
    });

    this.administrators = new cognito.UserPool(this, 'Administrators', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Compromised-credential and risky sign-in checks: a few administrators cost cents a month.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const stack = Stack.of(this);
    this.adminLogin = this.administrators.addDomain('Login', {
      cognitoDomain: { domainPrefix: `${stack.stackName.toLowerCase()}-admin-${stack.account}` },
    });
    const adminPage = `${this.api.apiEndpoint}/admin`;
    this.adminPageClient = this.administrators.addClient('AdminPage', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [adminPage],
        logoutUrls: [adminPage],
      },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
    // The page sends the ID token: its audience is this client, which the authorizer checks.
    this.adminAuthorizer = new HttpUserPoolAuthorizer('Administrators', this.administrators, {
      userPoolClients: [this.adminPageClient],
      identitySource: ['$request.header.Authorization'],
    });
  }

  /** Base URL of the hosted sign-in UI (`/oauth2/authorize`, `/oauth2/token` below it). */
  get loginUrl(): string {
    return this.adminLogin.baseUrl();
  }

  get url(): string {
    return this.api.apiEndpoint;
  }

  addRoute(route: HttpRoute, fn: lambda.IFunction, functionName: string): void {
    let integration = this.integrations.get(fn);
    if (!integration) {
      integration = new HttpLambdaIntegration(`${functionName}Integration`, fn, {
        payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
      });
      this.integrations.set(fn, integration);
    }
    const routes = this.api.addRoutes({
      path: route.path,
      methods: methodsOf(route).map((method) => apigw.HttpMethod[method]),
      integration,
      authorizer: route.auth === 'admin' ? this.adminAuthorizer : undefined,
    });
    if (route.auth === 'public') {
      for (const created of routes) {
        Validations.of(created).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.method} ${route.path} is public by design (topology auth: public); it serves no private data.`,
        });
      }
    }
  }
}
