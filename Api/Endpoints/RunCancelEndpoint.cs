using System.Text.Json.Nodes;
using Kasparro.Api.Contracts;
using Kasparro.Api.Http;
using Kasparro.Grains.Interfaces.Control;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Kasparro.Api.Endpoints;

/// <summary>
/// <c>POST /runs/{run_id}/cancel</c>: one call to the source registry, which finds the run's source,
/// records the command in its audit trail (by the key's id) and asks the source grain to stop the run.
/// </summary>
public static class RunCancelEndpoint
{
    public const string Route = "/runs/{run_id}/cancel";

    public static RouteGroupBuilder MapRunWriteApi(this RouteGroupBuilder group)
    {
        group.MapPost(Route, CancelRunAsync).Describe("Runs", "CancelRun", "Cancel a running run",
            "The run stops at its next batch boundary: a batch write under way finishes, the checkpoint stays at the last durable "
            + "batch, and the run is recorded as cancelled (error_type cancelled, error \"cancelled by request\"); the next run "
            + "starts from that checkpoint. 202 with the run as it is now: usually still running, since it stops a moment later "
            + "(follow the Location header). Cancelling again is harmless: a cancelled run answers 202 with itself. Needs a key "
            + "with the operate scope. 400 for an id that is not a UUID, 404 for an unknown run, 409 for a run that already "
            + "ended otherwise (success or failed).")
            .RequireApiKey(ApiScope.Operate)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                if (operation.Responses?.TryGetValue("202", out var accepted) == true
                    && accepted.Content?.TryGetValue("application/json", out var body) == true)
                {
                    body.Example = JsonNode.Parse(Example);
                }

                return Task.CompletedTask;
            });
        return group;
    }

    private static async Task<Results<Accepted<RunView>, ProblemHttpResult>> CancelRunAsync(
        [FromRoute(Name = "run_id")] string runId, IGrainFactory grains, TimeProvider time, HttpContext http)
    {
        var input = new QueryInput();
        var id = input.Uuid("run_id", runId, required: true);
        if (input.Problem() is { } problem)
        {
            return problem;
        }

        // 404 (RunNotFoundException) and 409 (SourceConflictException) come through ApiExceptionHandler.
        var run = await grains.GetGrain<ISourceRegistryGrain>(0).CancelRun(id!.Value, ApiCaller.Id(http));
        return TypedResults.Accepted($"/runs/{run.RunId}", RunView.From(run, time.GetUtcNow().UtcDateTime));
    }

    /// <summary>A run asked to stop, as the 202 shows it.</summary>
    private const string Example = """
        {
          "run_id": "6f1c2a7e-1d7b-4f7e-9a51-3c0d2b8e9f10",
          "source": "csv",
          "status": "running",
          "trigger": "schedule",
          "records_processed": 4000,
          "records_written": 3987,
          "records_rejected": 13,
          "rejections": { "invalid_number": 13 },
          "duration_seconds": 12.408,
          "started_at": "2026-01-15T10:00:00Z",
          "completed_at": null,
          "error": null,
          "error_type": null,
          "anomalies": [],
          "request_id": "0HN8K2Q5S1R4T:00000001",
          "timestamp": "2026-01-15T10:00:12.408Z"
        }
        """;
}
