using System.Globalization;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;

namespace EduFlows.Processes.DepartmentAssessment.Office;

/// <summary>
/// A department's baseline points month by month as an inline SVG, drawn on the server with OxyPlot
/// (<see cref="SvgExporter"/>): no script and no asset to serve, so the chart shows on a phone, a projector and a printout alike.
/// </summary>
internal static class AssessmentChart
{
    private const int Width = 560;
    private const int Height = 220;

    public static string Svg(AssessmentBoardRow row, decimal baseline, string monthWord, string pointsWord)
    {
        var model = new PlotModel { PlotMargins = new OxyThickness(44, 8, 12, 34), DefaultFontSize = 12 };
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Minimum = 0.5, Maximum = 12.5, MajorStep = 1, MinorStep = 1, Title = monthWord, StringFormat = "0" });
        var points = row.ByMonth.Select((p, i) => (Month: i + 1, Points: p)).Where(x => x.Points is not null).ToList();
        double low = points.Count == 0 ? (double)baseline - 10 : Math.Min((double)baseline - 10, (double)points.Min(p => p.Points!.Value) - 5);
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Minimum = low, Maximum = (double)baseline + 5, Title = pointsWord, MajorGridlineStyle = LineStyle.Dot });
        var line = new LineSeries { Color = OxyColor.FromRgb(9, 105, 218), MarkerType = MarkerType.Circle, MarkerSize = 3, StrokeThickness = 2 };
        line.Points.AddRange(points.Select(p => new DataPoint(p.Month, (double)p.Points!.Value)));
        model.Series.Add(line);
        string svg = SvgExporter.ExportToString(model, Width, Height, false, null, false);

        // A viewBox lets the page scale the drawing down to a phone's width instead of cutting it off.
        int start = svg.IndexOf("<svg", StringComparison.Ordinal);
        return svg[start..].Replace("<svg ", string.Create(CultureInfo.InvariantCulture, $"<svg viewBox=\"0 0 {Width} {Height}\" style=\"max-width:100%;height:auto\" role=\"img\" "), StringComparison.Ordinal);
    }
}
