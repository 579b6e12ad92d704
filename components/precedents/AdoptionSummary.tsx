import { formatUnDate } from '@/lib/import/un-date';
import { describeVote, type AdoptedResolution } from '@/lib/precedents/model';

/** When, where and how a resolution was adopted: "17 December 2024, Third Committee, adopted without a vote". */
export function AdoptionSummary({
  resolution: { date, committee, vote },
}: {
  resolution: Pick<AdoptedResolution, 'date' | 'committee' | 'vote'>;
}) {
  const how = describeVote(vote);
  return (
    <>
      {date ? <time dateTime={date}>{formatUnDate(date)}</time> : 'Date not given'}, {committee}
      {how ? `, ${how}` : null}
    </>
  );
}
