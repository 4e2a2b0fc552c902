/**
 * Hand-written news passages with their correct sentence boundaries (sentences joined by " | ").
 * They cover what news copy throws at a segmenter: dotted acronyms, titles, initials, months,
 * quotes with attributions, decimals, times and ellipses.
 */
export const SEGMENTATION_CASES: readonly string[] = [
  'U.S. President Donald Trump’s “America First” approach unsettled allies. | Europe responded within days.',
  '“We will not give up,” he said. | The talks resume on Monday.',
  '“Is this the end?” she asked. | Nobody answered.',
  '“Stop!” the officer shouted. | The driver kept going.',
  'Mr. Smith met Mrs. Jones on Jan. 5 in St. Louis. | They spoke for an hour.',
  'The U.N. Security Council met on Tuesday. | It issued no statement.',
  'Dr. Ana Ruiz, of the U.K. health agency, disagreed. | She called the plan reckless.',
  'Donald J. Trump and J.K. Rowling were not at the event. | Both were invited.',
  'Growth slowed to 2.5% in the third quarter. | Economists had expected 2.7%.',
  'The meeting ended at 11 p.m. on Friday. | A vote is due next week.',
  'He moved to the U.S. | The next year he founded the company.',
  'Sen. Warren and Rep. Cole voted against the bill. | The Senate passed it anyway.',
  'Prices rose in Feb. and again in March. | Wages did not keep up.',
  'Shares of Acme Inc. fell 4 per cent. | Rivals gained.',
  'The E.U. said it would respond. | Washington did not comment.',
  '“It’s over,” said Gov. Lee. | His aides declined to elaborate.',
  'The bill passed 52-48. | It now goes to the House.',
  'She asked: “Where is the money?” | Officials could not say.',
  'The company, based in Washington, D.C., hired 40 people. | More hires are planned.',
  'Gen. Miller arrived at 9 a.m. local time. | Troops were already in place.',
  'Rescue teams worked through the night... | By dawn, 12 people had been found.',
  'The plan costs $4.2 bn. | Critics say that is too much.',
  'No. 10 Downing Street declined to comment. | A spokesman said a statement would follow.',
  'The vote was 31 to 18. | Several members walked out.',
  'Is the tram worth it? | Residents are divided.',
  'The U.S. Federal Reserve held rates steady. | Markets rose.',
  'The match ended 2-1 after extra time. | Fans stayed for hours.',
  'Prof. Okafor, who studies transport, was sceptical. | “Nobody is against trams,” he said.',
  '“The question,” she said, “is who pays.” | Nobody on the council replied.',
  'Officials said the fire started at about 3 a.m. | No one was hurt.',
];

export function goldSentences(line: string): string[] {
  return line.split(' | ');
}
