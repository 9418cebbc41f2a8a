import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';
import { FIELD, realtimeBody, SUBMIT_PATH } from '../nodes/ModulatePlatform/platformApi';

// Error details that mean a wrong account UUID or key (the Platform's texts are not published: the
// Models API's, FastAPI's defaults, and the emulator's).
const WRONG_CREDENTIAL_DETAILS = [
	'Invalid account UUID or API key.',
	'Invalid API key.',
	'Invalid API key',
	'Invalid or missing API key.',
	'Not authenticated',
	'Unauthorized',
];
const WRONG_CREDENTIAL_MESSAGE = 'Account UUID or API key rejected: check both for typos, and that the key belongs to this account.';
const UNAVAILABLE_DETAILS = [
	'Internal server error',
	'Unable to validate request. Please try again.',
	'Unable to complete the request. Please try again.',
];

export class ModulatePlatformApi implements ICredentialType {
	name = 'modulatePlatformApi';

	displayName = 'Modulate Platform API';

	icon: Icon = { light: 'file:modulate.svg', dark: 'file:modulate.dark.svg' };

	documentationUrl = 'https://github.com/modulate-ai/n8n-nodes-modulate#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Account UUID',
			name: 'accountUuid',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 6f0b8a52-1d9e-4c1a-9a7b-2f5e3c4d1a00',
			description: 'Your Modulate account UUID, sent as the accountuuid header',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Your Modulate Platform API key, sent as the apikey header',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://cloud-processing-api.modulate.ai',
			description: 'Root of the Modulate Platform (cloud processing) API',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				accountuuid: '={{String($credentials.accountUuid ?? "").trim()}}',
				apikey: '={{String($credentials.apiKey ?? "").trim()}}',
			},
		},
	};

	// The Platform has no read-only endpoint known to answer 2xx (a status query for an unknown job is a 404,
	// which n8n's tester counts as a failure whatever the credential). So the test starts a realtime session:
	// no audio, and we assume it costs nothing until a client streams to it (docs/platform.md, "Credential
	// test"). n8n's tester fails any non-2xx with its own generic text, so the status is read here instead
	// (ignoreHttpStatusErrors): the test passes only when the answer carries a job_id, and says why not.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: SUBMIT_PATH,
			method: 'POST',
			body: realtimeBody(),
			ignoreHttpStatusErrors: true,
		},
		rules: [
			...WRONG_CREDENTIAL_DETAILS.map((value) => ({
				type: 'responseSuccessBody' as const,
				properties: { key: 'detail', value, message: WRONG_CREDENTIAL_MESSAGE },
			})),
			...['accountuuid', 'apikey'].map((header) => ({
				type: 'responseSuccessBody' as const,
				properties: { key: 'detail[0].loc[1]', value: header, message: WRONG_CREDENTIAL_MESSAGE },
			})),
			...UNAVAILABLE_DETAILS.map((value) => ({
				type: 'responseSuccessBody' as const,
				properties: {
					key: 'detail',
					value,
					message: 'Modulate could not check the credential just now (a server error). Try the test again in a minute.',
				},
			})),
			{
				type: 'responseSuccessBody',
				properties: { key: 'detail', value: 'Insufficient credits.', message: 'The account was accepted, but it has no credits left.' },
			},
			{
				// anything else without a job id: not accepted (wrong credential, wrong Base URL, limit, …)
				type: 'responseSuccessBody',
				properties: {
					key: FIELD.jobId,
					value: undefined,
					message:
						'Modulate did not accept the check request: check the Account UUID, the API key and the Base URL (it must serve the Platform API at /api_service).',
				},
			},
		],
	};
}
