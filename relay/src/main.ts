// Entry point of `npm start`. The relay's parts land issue by issue; until the first of them (intake and sync) is in,
// this says plainly what exists instead of failing with a stack trace.
const lines = [
  'monday.com <-> Salesforce sync relay',
  '',
  'Not built yet: the relay (Salesforce change intake, monday sync, webhooks) and its local demo mode.',
  'What exists today: the project layout and its quality gates. Run `npm test` to see them.'
];
console.log(lines.join('\n'));
