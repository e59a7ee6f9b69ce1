import { Component, type ReactNode } from 'react';
import { buttonClass, primaryButtonClass } from './ui';

interface ViewErrorBoundaryProps {
  /** What the view is, for the message ("the drill"). */
  viewName: string;
  children: ReactNode;
  /** Rebuilds the schedule from the review log. */
  onRepair(): Promise<unknown>;
  /** Downloads the user's data as stored, whatever state it is in. */
  onExport(): Promise<void>;
}

interface ViewErrorBoundaryState {
  error?: Error;
  status?: string;
}

/**
 * A view that throws (a stored value it cannot use) shows what went wrong and a way out,
 * instead of blanking the whole panel: Repair rebuilds progress from the review log, and
 * Export saves what is there first.
 */
export class ViewErrorBoundary extends Component<ViewErrorBoundaryProps, ViewErrorBoundaryState> {
  override state: ViewErrorBoundaryState = {};

  static getDerivedStateFromError(error: unknown): ViewErrorBoundaryState {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  private async repair() {
    this.setState({ status: 'Repairing from the review log…' });
    try {
      await this.props.onRepair();
      // Show the view again: the repaired progress arrives through the live query.
      this.setState({ error: undefined, status: undefined });
    } catch (error) {
      this.setState({ status: `Repair failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  private async export() {
    try {
      await this.props.onExport();
      this.setState({ status: 'Your data was exported.' });
    } catch (error) {
      this.setState({ status: `The export failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  override render() {
    const { error, status } = this.state;
    if (!error) return this.props.children;
    const message = error.message.length > 160 ? `${error.message.slice(0, 159)}…` : error.message;
    return (
      <section role="alert" aria-labelledby="view-error-title" className="flex flex-col gap-2 rounded-lg border border-red-300 p-3 text-sm dark:border-red-800">
        <h2 id="view-error-title" className="font-semibold">
          Something in your stored progress stopped {this.props.viewName} from showing
        </h2>
        <p>
          {message || error.name}. Repair rebuilds every card’s schedule from your review log; nothing else is changed.
        </p>
        <div className="flex flex-wrap gap-2">
          <button type="button" className={primaryButtonClass} onClick={() => void this.repair()}>
            Repair
          </button>
          <button type="button" className={buttonClass} onClick={() => void this.export()}>
            Export what is there
          </button>
        </div>
        {status && <p role="status">{status}</p>}
      </section>
    );
  }
}
