# syntax=docker/dockerfile:1
# The headless silo. Build from the repository root:
#   docker build -f deploy/docker/silo.Dockerfile -t kasparro-silo .

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so the package layer is reused while code changes.
COPY Directory.Build.props Directory.Build.targets Directory.Packages.props .editorconfig ./
COPY Grains.Interfaces/Grains.Interfaces.csproj Grains.Interfaces/
COPY Grains/Grains.csproj Grains/
COPY Hosting/Hosting.csproj Hosting/
COPY Silo/Silo.csproj Silo/
RUN dotnet restore Silo/Silo.csproj
COPY Grains.Interfaces/ Grains.Interfaces/
COPY Grains/ Grains/
COPY Hosting/ Hosting/
COPY Silo/ Silo/
# The silo embeds the migrations and ships the demo data beside its binaries.
COPY deploy/migrations/ deploy/migrations/
COPY deploy/demo/ deploy/demo/
RUN dotnet publish Silo/Silo.csproj -c Release -o /app --no-restore -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# /health and /metrics on 8080; silo-to-silo on 11111; Orleans clients (the gateway) on 30000.
ENV ASPNETCORE_URLS=http://+:8080 \
    Kasparro__Cluster__SiloPort=11111 \
    Kasparro__Cluster__GatewayPort=30000 \
    DOTNET_gcServer=1
EXPOSE 8080 11111 30000
# The image's non-root user (uid 1654).
USER $APP_UID
# No curl in the runtime image: bash's /dev/tcp asks /health for its status line.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "Kasparro.Silo.dll"]
