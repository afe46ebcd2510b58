# syntax=docker/dockerfile:1
# The REST gateway (client mode by default here; Standalone co-hosts a silo). Build from the repository root:
#   docker build -f deploy/docker/api.Dockerfile -t kasparro-api .

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so the package layer is reused while code changes.
COPY Directory.Build.props Directory.Build.targets Directory.Packages.props .editorconfig ./
COPY Grains.Interfaces/Grains.Interfaces.csproj Grains.Interfaces/
COPY Grains/Grains.csproj Grains/
COPY Hosting/Hosting.csproj Hosting/
COPY Api/Api.csproj Api/
RUN dotnet restore Api/Api.csproj
COPY Grains.Interfaces/ Grains.Interfaces/
COPY Grains/ Grains/
COPY Hosting/ Hosting/
COPY Api/ Api/
# Grains (co-hosted in Standalone mode) embed the migrations and ship the demo data.
COPY deploy/migrations/ deploy/migrations/
COPY deploy/demo/ deploy/demo/
RUN dotnet publish Api/Api.csproj -c Release -o /app --no-restore -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The REST API, /health, /metrics and /dashboard on 8080. In client mode it finds the silos
# through the membership table; it listens on no Orleans port.
ENV ASPNETCORE_URLS=http://+:8080 \
    Kasparro__Api__Mode=Client \
    DOTNET_gcServer=1
EXPOSE 8080
# The image's non-root user (uid 1654).
USER $APP_UID
# No curl in the runtime image: bash's /dev/tcp asks /health for its status line.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "Kasparro.Api.dll"]
