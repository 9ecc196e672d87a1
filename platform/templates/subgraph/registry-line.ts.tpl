  {{name}}: { portOffset: {{portOffset}}, critical: false, tier: 'BETA', database: '{{database}}', holdsAccountData: true },
