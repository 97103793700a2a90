# syntax=docker/dockerfile:1
# Plumbline monitor: the drift monitor (`run`, metrics on 8082 at /prometheus) and the
# rest of the CLI (`replay`, `report`, `profile`) in one image.
# Build from the repository root:  docker build -f docker/monitor.Dockerfile -t plumbline/monitor .

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
# Every module's sources: Maven reads the whole reactor even with -pl, and -am builds what the
# image needs. target/ and .git stay out (<Dockerfile>.dockerignore).
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY events events
COPY test-support test-support
COPY model-loader model-loader
COPY monitor-core monitor-core
COPY monitor monitor
COPY serving serving
COPY docker/pom.xml docker/
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -pl monitor -am -DskipTests package \
 && cp monitor/target/plumbline-monitor.jar /plumbline-monitor.jar

FROM eclipse-temurin:17-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 plumbline \
 && useradd --system --uid 10001 --gid plumbline --home-dir /app --shell /usr/sbin/nologin plumbline
WORKDIR /app
COPY --from=build /plumbline-monitor.jar /app/plumbline-monitor.jar

ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=25 -XX:+ExitOnOutOfMemoryError -XX:+UseG1GC -Dai.djl.offline=true -Djava.io.tmpdir=/tmp" \
    DJL_OFFLINE=true \
    OPT_OUT_TRACKING=true

USER 10001:10001
EXPOSE 8082
# For `run`: the metrics endpoint answers once the monitor is up. One-shot commands
# (replay, report) disable it in compose.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS -o /dev/null http://localhost:8082/prometheus || exit 1
ENTRYPOINT ["java", "-jar", "/app/plumbline-monitor.jar"]
CMD ["run"]
