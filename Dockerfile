# syntax=docker/dockerfile:1

# ---------- build ----------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build

# The Web project's build runs `npm ci` to restore the SignalR JS client, so the SDK stage needs Node.js.
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /src

# Restore layer: copy only what decides the package graph, so a source edit does not re-download packages.
# Bracketed names are optional files; a pattern may match nothing as long as the COPY has another source.
COPY Marketplace.sln *.props Directory.Build.target[s] global.jso[n] [Nn]u[Gg]et.[Cc]onfig ./
COPY src/Marketplace.Domain/Marketplace.Domain.csproj src/Marketplace.Domain/
COPY src/Marketplace.Application/Marketplace.Application.csproj src/Marketplace.Application/
COPY src/Marketplace.Infrastructure/Marketplace.Infrastructure.csproj src/Marketplace.Infrastructure/
COPY src/Marketplace.Web/Marketplace.Web.csproj src/Marketplace.Web/package*.json src/Marketplace.Web/
COPY src/Marketplace.Cli/Marketplace.Cli.csproj src/Marketplace.Cli/

# NuGet.config may name the developer machines' offline folder; NuGet fails on a local source that does
# not exist, so an empty one lets restore fall through to the other feeds. Only the two shipped projects
# are restored: test-only packages are never needed in the image.
RUN mkdir -p /opt/nuget/packages \
 && dotnet restore src/Marketplace.Web/Marketplace.Web.csproj \
 && dotnet restore src/Marketplace.Cli/Marketplace.Cli.csproj

# Same layer-caching idea for the JS client: install from the lock file before the sources arrive.
RUN if [ -f src/Marketplace.Web/package.json ]; then \
      cd src/Marketplace.Web \
      && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi; \
    fi

COPY . .

# seed/reference, seed/accreditation and seed/calendar (*.json) are copied into each output folder by the build itself.
RUN dotnet publish src/Marketplace.Web -c Release -o /app/web --no-restore \
 && dotnet publish src/Marketplace.Cli -c Release -o /app/cli --no-restore

# ---------- runtime ----------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime

# curl: the image has no HTTP client, and docker-compose.yml's healthcheck needs one.
# fontconfig + fonts-noto-cjk: charts and reports are drawn in Chinese, and the base image ships no CJK
# font, so every label would come out as empty boxes (豆腐块); SkiaSharp finds fonts through fontconfig.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl fontconfig fonts-noto-cjk \
 && rm -rf /var/lib/apt/lists/*

# A new named volume takes the ownership of the image folder it is mounted on, so these must belong to
# the non-root user before the VOLUME line.
# The trained matching model ships in the image and seeds the models volume the first time it is created;
# `Marketplace.Cli train --output /data/models/matching.zip` replaces it later and the app reloads it live.
COPY ml-models/ /data/models/
RUN mkdir -p /data/index /data/uploads /data/models \
 && chown -R "$APP_UID:$APP_UID" /data
VOLUME ["/data/index", "/data/uploads", "/data/models"]

COPY --from=build /app /app

# The base image sets ASPNETCORE_HTTP_PORTS=8080; clearing it avoids the "Overriding HTTP_PORTS" warning.
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS="" \
    Search__IndexPath=/data/index \
    Storage__UploadsPath=/data/uploads \
    Matching__ModelPath=/data/models/matching.zip

WORKDIR /app/web
USER $APP_UID
EXPOSE 8080

# No HEALTHCHECK here: docker-compose.yml probes /health/ready, and other orchestrators bring their own probes.
# CMD rather than ENTRYPOINT, so `docker compose run --rm app dotnet /app/cli/Marketplace.Cli.dll migrate`
# replaces the web host instead of being appended to it.
CMD ["dotnet", "Marketplace.Web.dll"]
