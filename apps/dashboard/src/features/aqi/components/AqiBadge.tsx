import { textColourOn } from '../bands';

/** The AQI number on its band colour (colour never alone: the number and, by the caller, the label). */
export function AqiBadge({ aqi, colour, label, testId }: { readonly aqi: number; readonly colour: string; readonly label: string; readonly testId?: string }) {
  return (
    <span className="aqi-badge" style={{ background: colour, color: textColourOn(colour) }} data-testid={testId} title={label}>
      {aqi}
    </span>
  );
}
