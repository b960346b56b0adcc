// The duties the EU AI Act puts on each role, in plain words: what the tier proposal lists. Each
// names the article, paragraph or point it summarizes; the wording is aims', not the Regulation's.

/** Who a duty falls on. A product manufacturer, or a deployer that Art. 25 makes a provider, has the provider's. */
export const WHO = [
  'provider',
  'deployer',
  'importer',
  'distributor',
  'authorised_representative',
] as const;
export type Who = (typeof WHO)[number];
export type Duty = readonly [ref: string, note: string];

export const LITERACY: Partial<Record<Who, Duty>> = {
  provider: ['Art. 4', 'Make sure staff who build or run the system have sufficient AI literacy.'],
  deployer: ['Art. 4', 'Make sure staff who use the system have sufficient AI literacy.'],
};

export const BANNED: Record<Who, string> = {
  provider: 'Do not place the system on the market or put it into service in the EU.',
  deployer: 'Do not use the system in the EU.',
  importer: 'Do not place the system on the EU market.',
  distributor: 'Do not make the system available on the EU market.',
  authorised_representative:
    'Do not act for the provider in placing the system on the EU market; end the mandate.',
};

/** A high-risk system's provider: Art. 16 and the articles it points to, in article order. */
export const HIGH_RISK_PROVIDER: readonly Duty[] = [
  ['Art. 9', 'Run a risk management system over the whole life cycle.'],
  ['Art. 10', 'Govern training, validation and test data: quality, relevance, bias examination.'],
  ['Art. 11', 'Draw up the technical documentation (Annex IV) before placing it on the market.'],
  ['Art. 12', 'Make the system record events (logs) automatically over its lifetime.'],
  ['Art. 13', 'Give deployers instructions for use and the information they need.'],
  ['Art. 14', 'Design the system so that people can oversee it effectively.'],
  ['Art. 15', 'Achieve appropriate accuracy, robustness and cybersecurity.'],
  [
    'Art. 16',
    'Make sure the system meets the requirements of Art. 8 to 15; put the provider’s name and contact address on it, its packaging or documentation; meet the accessibility requirements; show conformity when an authority asks.',
  ],
  ['Art. 17', 'Operate a documented quality management system.'],
  [
    'Art. 18',
    'Keep the technical documentation, the quality management documentation, the notified body’s decisions and the EU declaration of conformity for 10 years.',
  ],
  ['Art. 19', 'Keep the logs under the provider’s control for at least six months.'],
  [
    'Art. 20',
    'When the system does not conform, correct it, withdraw, disable or recall it, and inform distributors, deployers and the authorities.',
  ],
];

export const CONFORMITY = {
  sectoral: [
    'Art. 43(3)',
    'Follow the conformity assessment of the product’s own legislation; it checks the requirements of Chapter III Section 2 too.',
  ],
  biometrics: [
    'Art. 43(1)',
    'Internal control (Annex VI) only if harmonised standards or common specifications are applied in full; otherwise a notified body assesses it (Annex VII).',
  ],
  internal: ['Art. 43(2)', 'Assess conformity by internal control (Annex VI).'],
} as const satisfies Record<string, Duty>;

export const AFTER_CONFORMITY: readonly Duty[] = [
  ['Art. 47', 'Draw up and sign an EU declaration of conformity and keep it for 10 years.'],
  ['Art. 48', 'Affix the CE marking to the system, its packaging or documentation.'],
];

export const REGISTRATION = {
  union: ['Art. 49(1)', 'Register the system in the EU database before placing it on the market.'],
  secure: [
    'Art. 49(1), Art. 49(4)',
    'Register the system before placing it on the market; for law enforcement, migration, asylum and border control uses, in the secure non-public section of the EU database.',
  ],
  national: [
    'Art. 49(5)',
    'Register the critical infrastructure system at national level, not in the EU database.',
  ],
} as const satisfies Record<string, Duty>;

export const MONITORING: readonly Duty[] = [
  ['Art. 72', 'Monitor the system after placing it on the market, following a documented plan.'],
  [
    'Art. 73',
    'Report serious incidents to the market surveillance authority within the deadlines.',
  ],
];

export const NOT_HIGH_RISK: Duty = [
  'Art. 6(4), Art. 49(2)',
  'Document why the Annex III system is not high-risk before placing it on the market, and register it in the EU database.',
];

export const APPOINT_REPRESENTATIVE: Duty = [
  'Art. 22(1)',
  'Appoint, by written mandate, an authorised representative established in the EU before making the system available there.',
];

/** A high-risk system's deployer: Art. 26 paragraph by paragraph. */
export const HIGH_RISK_DEPLOYER: readonly Duty[] = [
  [
    'Art. 26(1), Art. 26(2)',
    'Use the system as its instructions say, and give human oversight to people with the competence, training, authority and support it needs.',
  ],
  [
    'Art. 26(4), Art. 26(5)',
    'Keep input data under the deployer’s control relevant; monitor the system; when it presents a risk, suspend use and inform the provider or distributor and the authority; report serious incidents.',
  ],
  ['Art. 26(6)', 'Keep the logs under the deployer’s control for at least six months.'],
  [
    'Art. 26(7)',
    'Before using it at the workplace, inform workers’ representatives and the workers affected.',
  ],
  [
    'Art. 26(9)',
    'Use the provider’s information to carry out a data protection impact assessment where the GDPR requires one.',
  ],
  ['Art. 26(12)', 'Cooperate with the competent authorities.'],
];

export const ANNEX_III_DEPLOYER: readonly Duty[] = [
  [
    'Art. 26(11)',
    'Tell the people about whom it makes, or helps make, decisions that it is used on them.',
  ],
];

export const EXPLANATION: Duty = [
  'Art. 86(1)',
  'Give a person affected by a decision based on its output, with legal or similarly significant effects, a clear explanation of the system’s role and the main elements of the decision.',
];

export const FRIA: Duty = [
  'Art. 27',
  'Before first use, assess the impact on fundamental rights (processes, period and frequency of use, people affected, risks of harm, oversight, measures if risks materialise) and notify the market surveillance authority of the results.',
];

export const REGISTER_USE: Duty = [
  'Art. 26(8), Art. 49(3)',
  'As a public authority, register the use in the EU database before using the system, and do not use a system that is not registered there.',
];

export const IMPORTER: readonly Duty[] = [
  [
    'Art. 23(1)',
    'Before placing it on the market, check that the conformity assessment was done, the technical documentation exists, it bears the CE marking with the EU declaration of conformity and instructions, and the provider appointed an authorised representative.',
  ],
  [
    'Art. 23(2)',
    'Do not place it on the market while there is reason to think it does not conform; inform the provider, the authorised representative and the authorities when it presents a risk.',
  ],
  [
    'Art. 23(3), Art. 23(4)',
    'Put the importer’s name, trademark and contact address on the system, its packaging or documentation; keep storage and transport from endangering its conformity.',
  ],
  [
    'Art. 23(5), Art. 23(6), Art. 23(7)',
    'Keep the notified body’s certificate, the instructions and the EU declaration of conformity for 10 years; give authorities the information they ask for and cooperate with them.',
  ],
];

export const DISTRIBUTOR: readonly Duty[] = [
  [
    'Art. 24(1)',
    'Before making it available, check the CE marking, the EU declaration of conformity and the instructions, and that the provider and importer met their labelling and quality duties.',
  ],
  [
    'Art. 24(2), Art. 24(3)',
    'Do not make it available while there is reason to think it does not conform; keep storage and transport from endangering its conformity.',
  ],
  [
    'Art. 24(4)',
    'When it does not conform, correct it, withdraw or recall it, or make sure the provider or importer does; inform them and the authorities of a risk.',
  ],
  [
    'Art. 24(5), Art. 24(6)',
    'Give authorities the information they ask for and cooperate with them.',
  ],
];

export const REPRESENTATIVE: readonly Duty[] = [
  [
    'Art. 22(3)',
    'Carry out the mandate: check the EU declaration of conformity, the technical documentation and the conformity assessment; keep the provider’s contact details and those documents for 10 years; give authorities information and logs on request; cooperate; see to the registration.',
  ],
  [
    'Art. 22(4)',
    'End the mandate if the provider acts against its duties, and inform the market surveillance authority and the notified body.',
  ],
];

export const GPAI_REPRESENTATIVE: Duty = [
  'Art. 54(3)',
  'Check the model’s technical documentation, keep it and the provider’s contact details for 10 years, give the AI Office what it asks for and cooperate with it.',
];

export const GPAI = {
  documentation: [
    'Art. 53(1)(a)',
    'Draw up and keep up to date the model’s technical documentation (Annex XI) for the AI Office and authorities.',
  ],
  downstream: [
    'Art. 53(1)(b)',
    'Give providers who build on the model the information and documentation they need (Annex XII).',
  ],
  copyright: ['Art. 53(1)(c)', 'Put in place a policy to comply with EU copyright law.'],
  summary: [
    'Art. 53(1)(d)',
    'Publish a sufficiently detailed summary of the content used for training.',
  ],
  openSource: [
    'Art. 53(2)',
    'Released as open source without systemic risk: exempt from Art. 53(1)(a) and (b), and from appointing an authorised representative (Art. 54(6)).',
  ],
  notify: [
    'Art. 52(1)',
    'Notify the Commission without delay, and within two weeks, once the model meets the systemic-risk threshold or it becomes known that it will.',
  ],
  systemic: [
    'Art. 55(1)',
    'Evaluate the model with adversarial testing, assess and mitigate systemic risks, report serious incidents to the AI Office, and ensure cybersecurity.',
  ],
  representative: [
    'Art. 54(1)',
    'As a provider established outside the EU, appoint an authorised representative in the EU by written mandate.',
  ],
} as const satisfies Record<string, Duty>;

export const TRANSPARENCY: Record<string, { who: 'provider' | 'deployer'; note: string }> = {
  interacts: {
    who: 'provider',
    note: 'Design it so people know they are dealing with an AI system, unless that is obvious.',
  },
  synthetic: {
    who: 'provider',
    note: 'Mark generated content as artificial in a machine-readable, detectable way.',
  },
  emotion: {
    who: 'deployer',
    note: 'Inform the people exposed to it, and process their data lawfully.',
  },
  deepfake: { who: 'deployer', note: 'Disclose that the content was generated or manipulated.' },
};

/** The conditions of each lawful real-time remote biometric identification, for the deployer. */
export const RBI: Record<'assessment' | 'authorisation' | 'notification', Duty> = {
  assessment: [
    'Art. 5(2)',
    'Use it only to confirm the identity of the targeted person, weighing the harm of not using it against the consequences for people’s rights; complete a fundamental rights impact assessment and register the system first (in urgency, without undue delay afterwards).',
  ],
  authorisation: [
    'Art. 5(3)',
    'Obtain prior authorisation of each use from a judicial or independent administrative authority; in urgency, request it within 24 hours and stop and discard the results if refused.',
  ],
  notification: [
    'Art. 5(4)',
    'Notify each use to the market surveillance authority and the national data protection authority.',
  ],
};

export const TYPE_APPROVAL: Duty = [
  'Art. 2(2)',
  'Only Art. 6(1), Art. 102 to 109 and Art. 112 apply: the AI requirements reach this product through its type-approval legislation, which must take Chapter III Section 2 into account. No other duty of this Act applies.',
];
